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

/** What one UTC hour holds, summed from the facts: the charts' unit (lib/insights/). */
export type HourSlot = {
  /** Orders created in the hour. */
  orders: number;
  /** Their amounts per currency, leaving out those cancelled, failed or refunded. */
  revenue: Record<string, number>;
  /** Payment records that arrived in the hour, by status (each payment id once per status). */
  payments: Record<string, number>;
};

/**
 * A UTC day's summary as read: its 24 hourly slots once sealed, else `null` (never sealed, or
 * unsealed by a fact that arrived after the day ended). `token` is the adapter's own: what sealDay
 * needs to refuse a seal computed before a later fact arrived.
 */
export type DaySummary = { day: string; slots: HourSlot[] | null; token: number };

export interface DashboardPort {
  /** One version of an order; stored once per (order, version), whoever records it. */
  recordOrderVersion(tenantId: string, fact: OrderFact): Promise<void>;
  /** One payment record (paymentId + status); stored once per record id. */
  recordPayment(tenantId: string, recordId: string, fact: PaymentFact): Promise<void>;
  /** Every version of the orders created in [start, end), and every payment record that arrived in it. */
  factsIn(tenantId: string, start: Date, end: Date): Promise<{ orders: OrderFact[]; payments: PaymentFact[] }>;
  /** The `limit` newest orders created before `before`, each at its newest version, newest first. */
  recentOrders(tenantId: string, before: Date, limit: number): Promise<OrderFact[]>;
  /**
   * The summary of each UTC day in `days` (`YYYYMMDD`), by day. A fact recorded for a day that is
   * over unseals that day's summary (recordOrderVersion/recordPayment do it), so a sealed summary
   * always agrees with the facts.
   */
  daySummaries(tenantId: string, days: string[]): Promise<Map<string, DaySummary>>;
  /**
   * Stores a closed day's slots, unless a fact arrived for it since `seen` (what daySummaries gave)
   * was read: compare-and-set, whichever process computes it. Whether it was stored.
   */
  sealDay(tenantId: string, day: string, slots: HourSlot[], seen: DaySummary): Promise<boolean>;
}
