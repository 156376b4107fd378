import { notFound } from "@/lib/errors";
import { getStorage } from "@/lib/storage/registry";

export type OrderTimelineEntry =
  | { kind: "created"; at: string; status: string }
  | { kind: "status"; at: string; status: string; previousStatus: string }
  | { kind: "payment"; at: string; paymentId: string; status: string; amount: number };

export type OrderDetail = {
  id: string;
  orderNumber: string;
  customerName: string;
  customerEmail: string | null;
  amount: number;
  currency: string;
  status: string;
  paymentStatus: string | null;
  items: Array<{ productId: string; productName: string; quantity: number; price: number }>;
  metadata: Record<string, unknown>;
  payments: Array<{ paymentId: string; status: string; amount: number; at: string }>;
  timeline: OrderTimelineEntry[];
  /** The accepted deliveries that created the order and changed its status, oldest first. */
  deliveries: OrderDelivery[];
  createdAt: string;
  updatedAt: string;
};

export type OrderDelivery = {
  id: string;
  deliveryId: string;
  scheme: string;
  /** The order's status this delivery brought. */
  status: string;
  httpStatus: number;
  receivedAt: string;
  headers: Record<string, string>;
  bodyExcerpt: string;
  bodyBytes: number;
  /** Set when a platform posted it to a source's URL: its type and topic (e.g. shopify, orders/create). */
  source: { type: string; topic: string | null } | null;
};

const iso = (date: Date) => date.toISOString();

/** One order of the tenant with its payments and event timeline (oldest first); another tenant's is 404. */
export async function getOrderDetail(tenantId: string, orderId: string): Promise<OrderDetail> {
  const order = await getStorage().orders.readOrder(tenantId, orderId);
  if (!order) throw notFound("Order not found");

  const timeline: OrderTimelineEntry[] = [];
  order.statusHistory.forEach((entry, index) => {
    const status = entry.status;
    if (index === 0) timeline.push({ kind: "created", at: iso(entry.at), status });
    else
      timeline.push({ kind: "status", at: iso(entry.at), status, previousStatus: order.statusHistory[index - 1]?.status ?? "" });
  });
  const payments = order.payments.map((p) => ({ paymentId: p.paymentId, status: p.status, amount: p.amount, at: iso(p.at) }));
  for (const p of payments) timeline.push({ kind: "payment", ...p });
  timeline.sort((a, b) => a.at.localeCompare(b.at));

  // Each status the order went through names the accepted event that brought it; that event's first
  // request is in the delivery log (a record whose retention ran out is simply not listed).
  const deliveryLog = getStorage().deliveryLog;
  const found = await Promise.all(
    order.statusHistory.map(async (entry) =>
      entry.event ? { status: entry.status, record: await deliveryLog.findForEvent(tenantId, entry.event) } : null,
    ),
  );
  const deliveries: OrderDelivery[] = found.flatMap((item) =>
    item?.record
      ? [
          {
            id: item.record.id,
            deliveryId: item.record.deliveryId,
            scheme: item.record.scheme,
            status: item.status,
            httpStatus: item.record.status,
            receivedAt: iso(item.record.receivedAt),
            headers: item.record.headers,
            bodyExcerpt: item.record.bodyExcerpt,
            bodyBytes: item.record.bodyBytes,
            source: item.record.source ? { type: item.record.source.type, topic: item.record.source.topic } : null,
          },
        ]
      : [],
  );

  return {
    id: order.id,
    orderNumber: order.orderNumber,
    customerName: order.customerName,
    customerEmail: order.customerEmail,
    amount: order.amount,
    currency: order.currency,
    status: order.status,
    paymentStatus: order.paymentStatus,
    items: order.items,
    metadata: order.metadata,
    payments,
    timeline,
    deliveries,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
  };
}
