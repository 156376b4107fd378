import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

const notificationSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    // Set when the notification is for one user only; null = everyone in the tenant.
    userId: { type: String, default: null },
    title: { type: String, required: true },
    message: { type: String, required: true },
    type: { type: String, enum: ["info", "success", "warning", "error"], default: "info" },
    priority: { type: String, enum: ["low", "medium", "high", "urgent"], default: "medium" },
    actionUrl: { type: String, default: null },
    actionText: { type: String, default: null },
    metadata: { type: Schema.Types.Mixed, default: {} },
    // What caused it (e.g. "order:<id>:v2", "payment:pay_1:paid", "delivery:<webhook-id>"):
    // the unique key that keeps a retried or concurrent event from notifying twice.
    sourceKey: { type: String, required: true },
  },
  { timestamps: true, collection: "notifications", minimize: false },
);
// Exactly-once notification per cause within a tenant.
notificationSchema.index({ tenantId: 1, sourceKey: 1 }, { unique: true });
// Latest notifications of a tenant.
notificationSchema.index({ tenantId: 1, createdAt: -1 });

export type NotificationFields = InferSchemaType<typeof notificationSchema>;
type NotificationModel = Model<NotificationFields>;
export const Notification: NotificationModel =
  (mongoose.models.Notification as NotificationModel | undefined) ??
  mongoose.model<NotificationFields>("Notification", notificationSchema);
