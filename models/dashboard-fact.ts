import { type InferSchemaType, type Model, Schema } from "mongoose";
import { logConnection } from "@/lib/storage/database/log-database";

// The `mongodb` adapter's dashboard read model (lib/storage/mongodb/dashboard.ts), in the log
// database: one insert-only fact per order version ("o") and per payment record ("p"), under a
// derived `_id` so a fact recorded twice is stored once. The embedded adapter keeps the same facts
// in per-tenant day buckets instead (lib/storage/embedded/dashboard.ts).
const dashboardFactSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    tenantId: { type: Schema.Types.ObjectId, required: true },
    k: { type: String, enum: ["o", "p"], required: true },
    orderId: String,
    v: Number,
    orderNumber: String,
    customerName: String,
    amount: Number,
    currency: String,
    status: String,
    paymentId: String,
    createdAt: Date,
    at: Date,
  },
  { collection: "dashboard_facts", minimize: false },
);
// dashboard.ordersCreatedIn (today's orders) and dashboard.recentOrders (the newest orders, a page at a time).
dashboardFactSchema.index({ tenantId: 1, k: 1, createdAt: -1, _id: -1 }, { name: "tenant_orders_created" });
// dashboard.paymentsIn: the payment records that arrived today.
dashboardFactSchema.index({ tenantId: 1, k: 1, at: 1 }, { name: "tenant_payments_at" });

export type DashboardFactFields = InferSchemaType<typeof dashboardFactSchema>;
type DashboardFactModel = Model<DashboardFactFields>;
/** In the log database (lib/storage/database/log-database.ts); valid once connected. */
export function dashboardFacts(): DashboardFactModel {
  const log = logConnection();
  return (
    (log.models.DashboardFact as DashboardFactModel | undefined) ??
    log.model<DashboardFactFields>("DashboardFact", dashboardFactSchema)
  );
}
