import { type InferSchemaType, type Model, Schema } from "mongoose";
import { logConnection } from "@/lib/storage/database/log-database";

// The `mongodb` adapter's sealed day summaries for the charts (lib/storage/mongodb/dashboard.ts),
// in the log database: one per tenant and closed UTC day under a derived `_id`, so every query is a
// primary-key look-up (dashboard.daySummaries, dashboard.sealDay, dashboard.unsealDay) and needs
// no index of its own. The embedded adapter keeps them per tenant (`dash_<tenant>_sealed`).
const dashboardDaySchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** `YYYYMMDD`, UTC. */
    day: { type: String, required: true },
    /** 24 hourly slots once sealed; absent while a late fact has unsealed the day. */
    slots: { type: [Schema.Types.Mixed], default: undefined },
    /** How many facts arrived after the day ended: the compare-and-set guard of a seal. */
    touched: { type: Number, required: true, default: 0 },
  },
  { collection: "dashboard_days", minimize: false },
);

export type DashboardDayFields = InferSchemaType<typeof dashboardDaySchema>;
type DashboardDayModel = Model<DashboardDayFields>;
/** In the log database (lib/storage/database/log-database.ts); valid once connected. */
export function dashboardDays(): DashboardDayModel {
  const log = logConnection();
  return (
    (log.models.DashboardDay as DashboardDayModel | undefined) ??
    log.model<DashboardDayFields>("DashboardDay", dashboardDaySchema)
  );
}
