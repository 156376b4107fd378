import type { Collection, Document } from "mongodb";
import { logConnection } from "@/lib/db/log-database";

// The read model behind the live dashboard, in the log database (lib/db/log-database.ts):
// `dash_<tenantId>_<YYYYMMDD>` (UTC day), small
// collections each read whole. FerretDB v1 pushes down no filter but `{_id}` (see models/inbox.ts),
// so "orders today" cannot be a range query on `orders`, which grows with every tenant's history.
// Facts are insert-only (FerretDB has no safe concurrent $inc); readers reduce them:
//   - an order fact per order version, in the bucket of the day the order was created: the highest
//     version is the order's current status;
//   - a payment fact per payment record (paymentId + status), in the bucket of the day it arrived:
//     the most advanced status of a paymentId is its current one.
// `dash_<tenantId>_days` lists the days that have a bucket (`_id` = day key), so the recent-orders
// table finds older days without probing every day in between.
// No secondary index: every read takes the whole (one day's) collection.

export type OrderFact = {
  _id: unknown;
  k: "o";
  orderId: string;
  v: number;
  orderNumber: string;
  customerName: string;
  amount: number;
  currency: string;
  status: string;
  /** When the order was created (the bucket's day), the same in every version. */
  createdAt: Date;
  at: Date;
};

export type PaymentFact = {
  _id: unknown;
  k: "p";
  paymentId: string;
  status: string;
  amount: number;
  orderNumber: string | null;
  at: Date;
};

export type DashboardFact = OrderFact | PaymentFact;

/** `20261202` for a date's UTC day. */
export function utcDayKey(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll("-", "");
}

export function dashboardDayCollection(tenantId: string, dayKey: string): Collection<DashboardFact & Document> {
  return logConnection().collection(`dash_${tenantId}_${dayKey}`) as unknown as Collection<DashboardFact & Document>;
}

export function dashboardDaysCollection(tenantId: string): Collection<{ _id: string } & Document> {
  return logConnection().collection(`dash_${tenantId}_days`) as unknown as Collection<{ _id: string } & Document>;
}
