// A tenant's orders with the payments linked to them, the payment records (exactly once per
// paymentId + status) and the payments parked until their order arrives (SPEC §3,
// docs/webhooks.md). What counts as created, duplicate or updated, and who links a parked payment,
// is decided in lib/orders and lib/payments; this port only keeps the documents.

export type OrderItem = { productId: string; productName: string; quantity: number; price: number };

/** A payment as linked to its order (order detail page), oldest first. */
export type LinkedPayment = { recordId: string; paymentId: string; status: string; amount: number; at: Date };

export type NewOrder = {
  orderNumber: string;
  customerName: string;
  customerEmail: string | null;
  amount: number;
  currency: string;
  status: string;
  items: OrderItem[];
  metadata: Record<string, unknown>;
  /** The accepted event that stores it (lib/storage/ports/effect-journal.ts): how a replay knows its own work. */
  event?: string | null;
  /** The source whose platform sent it (SPEC §8); null for our own format. */
  sourceId?: string | null;
};

/** What deciding an order's next step and showing it in a list needs: no history, items or payments. */
export type OrderState = {
  id: string;
  orderNumber: string;
  customerName: string;
  amount: number;
  currency: string;
  status: string;
  /** Latest payment status linked to it; null before any. */
  paymentStatus: string | null;
  /** Bumped by every accepted status change (the key that makes a change notify once). */
  version: number;
  /** The event whose write made this version (creation or status change); null before events were stamped. */
  event: string | null;
  createdAt: Date;
};

export type OrderRecord = OrderState & {
  customerEmail: string | null;
  items: OrderItem[];
  metadata: Record<string, unknown>;
  /** Every status it has had, the first one at its creation. */
  statusHistory: Array<{ status: string; at: Date; event: string | null }>;
  payments: LinkedPayment[];
  updatedAt: Date;
};

/** One row of the orders list (SPEC §3 orders list): what the table shows and the CSV export holds. */
export type OrderListItem = {
  id: string;
  orderNumber: string;
  customerName: string;
  customerEmail: string | null;
  amount: number;
  currency: string;
  status: string;
  paymentStatus: string | null;
  /** The source whose platform sent it; null for our own format. */
  sourceId: string | null;
  /** The platform named in its metadata (shopify, woocommerce…), if any. */
  platform: string | null;
  createdAt: Date;
};

/**
 * The orders list's filters, newest first (createdAt, then id, descending). `search` holds words
 * each of which must begin one of the order's keywords (common/order-keywords.ts); `sourceId`
 * "direct" keeps orders sent in our own format; `before` continues after the previous page's last row.
 */
export type OrderListQuery = {
  search?: string[];
  status?: string;
  /** "none": orders no payment has reached yet. */
  paymentStatus?: string;
  sourceId?: string;
  from?: Date;
  to?: Date;
  before?: { createdAt: Date; id: string };
  limit: number;
};

export type NewPayment = {
  paymentId: string;
  status: string;
  amount: number;
  orderNumber: string | null;
  metadata: Record<string, unknown>;
  /** The accepted event that stores it (as NewOrder.event). */
  event?: string | null;
};

export type PaymentRecord = {
  id: string;
  paymentId: string;
  status: string;
  amount: number;
  orderNumber: string | null;
  /** Null until linked to its order. */
  orderId: string | null;
  createdAt: Date;
};

export type ParkedPayment = { recordId: string; orderNumber: string; parkedAt: Date };

export interface OrdersPort {
  /**
   * Stores the order once per tenant + orderNumber: `created` false (and nothing written) when the
   * tenant already has that order number, which is then returned as it is.
   */
  createOrder(tenantId: string, order: NewOrder, at: Date): Promise<{ created: boolean; order: OrderState }>;
  /** Null for an unknown id or another tenant's order. */
  findOrder(tenantId: string, orderId: string): Promise<OrderState | null>;
  findOrderByNumber(tenantId: string, orderNumber: string): Promise<OrderState | null>;
  /** A page of the tenant's orders matching the query, newest first; `more` when another page follows. */
  listOrders(tenantId: string, query: OrderListQuery): Promise<{ orders: OrderListItem[]; more: boolean }>;
  /** The whole order (detail page); null for an unknown id or another tenant's order. */
  readOrder(tenantId: string, orderId: string): Promise<OrderRecord | null>;
  /**
   * Compare-and-set: moves the order to `next` only while its status is still `expected`, bumping
   * its version and history; the order as changed, or null when it was not (another change came
   * first, or it is not the tenant's).
   */
  changeStatus(
    tenantId: string,
    orderId: string,
    expected: string,
    next: string,
    at: Date,
    event?: string | null,
  ): Promise<OrderState | null>;
  /**
   * Appends payments to the order's list and sets its payment status; false for another tenant's
   * order. A payment already on the list is not added again (linking is replayed after a crash).
   */
  appendPayments(tenantId: string, orderId: string, payments: LinkedPayment[], paymentStatus: string): Promise<boolean>;

  /** Stores the payment record once per paymentId + status: `created` false when it already was (same id returned). */
  recordPayment(
    tenantId: string,
    payment: NewPayment,
    at: Date,
  ): Promise<{ created: boolean; recordId: string; event: string | null; orderId: string | null }>;
  /** Marks the record as its order's; the record as it now is, or null for an unknown or another tenant's record. */
  linkPayment(tenantId: string, recordId: string, order: { id: string; orderNumber: string }): Promise<PaymentRecord | null>;

  /** Parks a payment record until its order arrives; parking it twice is one parked payment. */
  parkPayment(tenantId: string, recordId: string, orderNumber: string, at: Date): Promise<void>;
  /** The tenant's payments parked for this order number. */
  listParkedPayments(tenantId: string, orderNumber: string): Promise<ParkedPayment[]>;
  /**
   * Takes a parked payment off the list, once it is linked (linking is idempotent, so a crash
   * before this leaves it parked and it is linked again): true for the call that removed it.
   */
  claimParkedPayment(tenantId: string, recordId: string): Promise<boolean>;
}
