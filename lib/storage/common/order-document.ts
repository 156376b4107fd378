import { type Collection, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { orderKeywords } from "@/lib/storage/common/order-keywords";
import type {
  LinkedPayment,
  NewOrder,
  NewPayment,
  OrderListItem,
  OrderRecord,
  OrderState,
  PaymentRecord,
} from "@/lib/storage/ports/orders";

// The documents both adapters keep in `orders` and `payments` (models/order.ts, models/payment.ts):
// one layout, so a database written by one adapter is read by the other.

export type OrderDoc = {
  _id: ObjectId;
  tenantId: ObjectId;
  orderNumber: string;
  customerName: string;
  customerEmail: string | null;
  amount: number;
  currency?: string | null;
  status: string;
  paymentStatus?: string | null;
  items?: NewOrder["items"];
  metadata?: Record<string, unknown>;
  version?: number | null;
  event?: string | null;
  statusHistory?: Array<{ status: string; at: Date; event?: string | null }>;
  payments?: Array<Omit<LinkedPayment, "recordId"> & { recordId: ObjectId }>;
  /** The source whose platform sent it (SPEC §8); null or absent for our own format. */
  sourceId?: string | null;
  /** What the orders list's search matches (common/order-keywords.ts); absent before migration 004. */
  keywords?: string[];
  createdAt?: Date | null;
  updatedAt?: Date | null;
};

/** What a row of the orders list reads of an order. */
export const LIST_PROJECTION = {
  orderNumber: 1,
  customerName: 1,
  customerEmail: 1,
  amount: 1,
  currency: 1,
  status: 1,
  paymentStatus: 1,
  sourceId: 1,
  "metadata.platform": 1,
  createdAt: 1,
} as const;

export type ListedDoc = Pick<
  OrderDoc,
  | "_id"
  | "orderNumber"
  | "customerName"
  | "customerEmail"
  | "amount"
  | "currency"
  | "status"
  | "paymentStatus"
  | "sourceId"
  | "metadata"
  | "createdAt"
>;

export type PaymentDoc = {
  _id: ObjectId;
  tenantId: ObjectId;
  paymentId: string;
  status: string;
  amount: number;
  orderNumber: string | null;
  orderId: ObjectId | null;
  metadata: Record<string, unknown>;
  event?: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Reading an order's state needs none of its lists: left out of every such read. */
export const STATE_PROJECTION = { statusHistory: 0, items: 0, metadata: 0, payments: 0 } as const;

const EPOCH = new Date(0);

/**
 * Links a payment record to its order: one conditional update on `{_id, tenantId}`. A record is
 * linked once, by whoever claimed it (lib/payments), so no other write races this one.
 */
async function linkPayment(
  payments: Collection<PaymentDoc>,
  tenantId: string,
  recordId: string,
  order: { id: string; orderNumber: string },
): Promise<PaymentRecord | null> {
  const [tenant, _id, orderId] = [objectIdOf(tenantId), objectIdOf(recordId), objectIdOf(order.id)];
  if (!tenant || !_id || !orderId) return null;
  const doc = await payments.findOneAndUpdate(
    { _id, tenantId: tenant },
    { $set: { orderId, orderNumber: order.orderNumber, updatedAt: new Date() } },
    { returnDocument: "after" },
  );
  return doc ? orderDocument.toPayment(doc) : null;
}

/** Appends linked payments to an order and sets its payment status: one update on `{_id, tenantId}`. */
async function appendPayments(
  orders: Collection<OrderDoc>,
  tenant: ObjectId,
  _id: ObjectId,
  paymentStatus: string,
  linked: LinkedPayment[],
): Promise<boolean> {
  // Only payments not on the list yet: a replayed link (after a crash) adds nothing twice. One at
  // a time when several (an order's parked payments), so one already listed does not stop the rest.
  // Atomic on MongoDB; FerretDB v1 checks only the array's first element, so the embedded adapter
  // passes only the payments it found missing (lib/storage/embedded/orders.ts).
  let matched = false;
  for (const group of linked.length > 1 ? linked.map((p) => [p]) : [linked]) {
    const result = await orders.updateOne(
      { _id, tenantId: tenant, "payments.recordId": { $nin: group.map((p) => new ObjectId(p.recordId)) } },
      { $set: { paymentStatus, updatedAt: new Date() }, $push: { payments: { $each: orderDocument.linked(group) } } },
    );
    matched ||= result.matchedCount === 1;
  }
  if (matched) return true;
  return (await orders.findOne({ _id, tenantId: tenant }, { projection: { _id: 1 } })) !== null;
}

export const orderDocument = {
  linkPayment,
  appendPayments,
  /** Null for anything but a 24-hex id: a malformed id names nothing. */
  objectId: objectIdOf,

  owns: (doc: { tenantId: ObjectId } | null, tenantId: string): boolean =>
    doc !== null && doc.tenantId.toHexString() === tenantId.toLowerCase(),

  fromNew(_id: ObjectId, tenantId: ObjectId, order: NewOrder, at: Date): OrderDoc {
    // Built directly from what the webhook's zod schema validated: no cast needed on the hot path.
    return {
      _id,
      tenantId,
      orderNumber: order.orderNumber,
      customerName: order.customerName,
      customerEmail: order.customerEmail,
      amount: order.amount,
      currency: order.currency,
      status: order.status,
      paymentStatus: null,
      items: order.items,
      metadata: order.metadata,
      version: 0,
      event: order.event ?? null,
      statusHistory: [{ status: order.status, at, event: order.event ?? null }],
      payments: [],
      sourceId: order.sourceId ?? null,
      keywords: orderKeywords(order),
      createdAt: at,
      updatedAt: at,
    };
  },

  toState: (doc: OrderDoc): OrderState => ({
    id: doc._id.toHexString(),
    orderNumber: doc.orderNumber,
    customerName: doc.customerName,
    amount: doc.amount,
    currency: doc.currency ?? "USD",
    status: doc.status,
    paymentStatus: doc.paymentStatus ?? null,
    version: doc.version ?? 0,
    event: doc.event ?? null,
    createdAt: doc.createdAt ?? EPOCH,
  }),

  toListItem: (doc: ListedDoc): OrderListItem => ({
    id: doc._id.toHexString(),
    orderNumber: doc.orderNumber,
    customerName: doc.customerName,
    customerEmail: doc.customerEmail ?? null,
    amount: doc.amount,
    currency: doc.currency ?? "USD",
    status: doc.status,
    paymentStatus: doc.paymentStatus ?? null,
    sourceId: doc.sourceId ?? null,
    platform: typeof doc.metadata?.platform === "string" ? doc.metadata.platform : null,
    createdAt: doc.createdAt ?? EPOCH,
  }),

  toRecord: (doc: OrderDoc): OrderRecord => ({
    ...orderDocument.toState(doc),
    customerEmail: doc.customerEmail ?? null,
    items: (doc.items ?? []).map((i) => ({
      productId: i.productId ?? "",
      productName: i.productName ?? "",
      quantity: i.quantity ?? 0,
      price: i.price ?? 0,
    })),
    metadata: doc.metadata ?? {},
    statusHistory: (doc.statusHistory ?? []).map((h) => ({ status: h.status ?? "", at: h.at ?? EPOCH, event: h.event ?? null })),
    payments: (doc.payments ?? []).map((p) => ({
      recordId: p.recordId ? String(p.recordId) : "",
      paymentId: p.paymentId ?? "",
      status: p.status ?? "",
      amount: p.amount ?? 0,
      at: p.at ?? EPOCH,
    })),
    updatedAt: doc.updatedAt ?? EPOCH,
  }),

  linked: (payments: LinkedPayment[]) =>
    payments.map((p) => ({
      recordId: new ObjectId(p.recordId),
      paymentId: p.paymentId,
      status: p.status,
      amount: p.amount,
      at: p.at,
    })),

  paymentFromNew: (_id: ObjectId, tenantId: ObjectId, payment: NewPayment, at: Date): PaymentDoc => ({
    _id,
    tenantId,
    paymentId: payment.paymentId,
    status: payment.status,
    amount: payment.amount,
    orderNumber: payment.orderNumber,
    orderId: null,
    metadata: payment.metadata,
    event: payment.event ?? null,
    createdAt: at,
    updatedAt: at,
  }),

  toPayment: (doc: PaymentDoc): PaymentRecord => ({
    id: doc._id.toHexString(),
    paymentId: doc.paymentId,
    status: doc.status,
    amount: doc.amount,
    orderNumber: doc.orderNumber ?? null,
    orderId: doc.orderId ? String(doc.orderId) : null,
    createdAt: doc.createdAt ?? EPOCH,
  }),
};
