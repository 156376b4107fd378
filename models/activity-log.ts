import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

const activityLogSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    // e.g. webhook.order.created, webhook.rejected, settings.updated, secret.rotated
    kind: { type: String, required: true },
    actor: {
      type: { type: String, enum: ["platform", "user", "apiKey", "system"], required: true },
      id: { type: String, default: null },
      label: { type: String, default: null },
    },
    summary: { type: String, required: true },
    refs: { type: Schema.Types.Mixed, default: {} },
    // Before/after of a change; never a secret.
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: "activity_logs", minimize: false },
);
// A tenant's activity, newest first.
activityLogSchema.index({ tenantId: 1, createdAt: -1 });

export type ActivityLogFields = InferSchemaType<typeof activityLogSchema>;
type ActivityLogModel = Model<ActivityLogFields>;
export const ActivityLog: ActivityLogModel =
  (mongoose.models.ActivityLog as ActivityLogModel | undefined) ??
  mongoose.model<ActivityLogFields>("ActivityLog", activityLogSchema);
