import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// The archive: every notification ever, as an entry of an append-only feed — the tenant's ("t",
// everyone) or one member's own ("u", userId set) — at a dense sequence number `seq`. Entries are
// immutable; per-member read state and the newest entries live in the tenant's small inbox
// collection (models/inbox.ts), which serves the bell. The archive serves deep pages.
const notificationSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    feed: { type: String, enum: ["t", "u"], required: true },
    // Set for the user feed: the only member who sees it.
    userId: { type: String, default: null },
    seq: { type: Number, required: true },
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
  { timestamps: { createdAt: true, updatedAt: false }, collection: "notifications", minimize: false },
);
// Exactly-once notification per cause within a tenant (checked by the insert itself).
notificationSchema.index({ tenantId: 1, sourceKey: 1 }, { unique: true });
// Pages older than the inbox window: a feed's entries below a position, newest first.
notificationSchema.index({ tenantId: 1, feed: 1, userId: 1, seq: -1 });

export type NotificationFields = InferSchemaType<typeof notificationSchema>;
type NotificationModel = Model<NotificationFields>;
export const Notification: NotificationModel =
  (mongoose.models.Notification as NotificationModel | undefined) ??
  mongoose.model<NotificationFields>("Notification", notificationSchema);
