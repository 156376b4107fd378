import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// The archive: every notification ever, as an entry of an append-only feed — the tenant's ("t",
// everyone) or one member's own ("u", userId set) — at a dense sequence number `seq`, under an
// `_id` derived from that position (lib/storage/common/notification-document.ts). Entries are
// immutable. On the mongodb adapter it serves the bell too; the embedded adapter serves the bell
// from small window collections (lib/storage/embedded/inbox-windows.ts) and reads this by `_id`.
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
// notifications.findByCause: exactly-once notification per cause within a tenant (checked by the
// insert itself; both adapters).
notificationSchema.index({ tenantId: 1, sourceKey: 1 }, { unique: true });
// notifications.window: a feed's newest entries (and its head), newest first (mongodb adapter).
notificationSchema.index({ tenantId: 1, feed: 1, userId: 1, seq: -1 });

export type NotificationFields = InferSchemaType<typeof notificationSchema>;
type NotificationModel = Model<NotificationFields>;
export const Notification: NotificationModel =
  (mongoose.models.Notification as NotificationModel | undefined) ??
  mongoose.model<NotificationFields>("Notification", notificationSchema);
