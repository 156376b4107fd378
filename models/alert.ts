import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// A tenant's alerts (lib/storage/common/alerts.ts): one per (tenant, kind, subject), `_id`
// "<tenant>:<kind>:<subject>", opened and resolved by compare-and-set on `state` by `_id`.
// The embedded adapter keeps them per tenant (`alerts_<tenant>`), read whole.
const alertSchema = new Schema(
  {
    _id: { type: String, required: true },
    tenantId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    subject: { type: String, required: true },
    state: { type: String, enum: ["open", "resolved"], required: true },
    title: { type: String, required: true },
    detail: { type: String, required: true },
    link: { type: String, default: null },
    openedAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    resolvedAt: { type: Date, default: null },
    resolvedBy: { type: Schema.Types.Mixed, default: null },
    occurrences: { type: Number, required: true },
  },
  { collection: "alerts", minimize: false },
);
// alerts.list: the Alerts page, a tenant's alerts newest first (a few per endpoint and source).
alertSchema.index({ tenantId: 1, openedAt: -1, _id: -1 }, { name: "tenant_opened" });

export type AlertFields = InferSchemaType<typeof alertSchema>;
type AlertModel = Model<AlertFields>;
export const AlertModel: AlertModel =
  (mongoose.models.Alert as AlertModel | undefined) ?? mongoose.model<AlertFields>("Alert", alertSchema);
