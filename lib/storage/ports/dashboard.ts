// The live dashboard's read model (SPEC §7): one fact per order version and per payment record,
// insert-only and idempotent, which readers reduce — an order's newest version is its current state,
// a payment id's most advanced status its current one.

export type OrderFact = {
  orderId: string;
  /** The order's version: bumped by every accepted status change. */
  v: number;
  orderNumber: string;
  customerName: string;
  amount: number;
  currency: string;
  status: string;
  /** When the order was created: the same in every version. */
  createdAt: Date;
};

export type PaymentFact = {
  paymentId: string;
  status: string;
  amount: number;
  orderNumber: string | null;
  /** When this payment record arrived. */
  at: Date;
};

export interface DashboardPort {
  /** One version of an order; stored once per (order, version), whoever records it. */
  recordOrderVersion(tenantId: string, fact: OrderFact): Promise<void>;
  /** One payment record (paymentId + status); stored once per record id. */
  recordPayment(tenantId: string, recordId: string, fact: PaymentFact): Promise<void>;
  /** Every version of the orders created in [start, end), and every payment record that arrived in it. */
  factsIn(tenantId: string, start: Date, end: Date): Promise<{ orders: OrderFact[]; payments: PaymentFact[] }>;
  /** The `limit` newest orders created before `before`, each at its newest version, newest first. */
  recentOrders(tenantId: string, before: Date, limit: number): Promise<OrderFact[]>;
}
