import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";
import { LOG_RETENTION_DAYS } from "@/lib/storage/mongodb/retention";

// What an admin needs when an integration breaks: every refused inbound request.
const rejectedDeliverySchema = new Schema(
  {
    // Null when the tenant itself could not be identified (unknown id, unreadable body).
    tenantId: { type: Schema.Types.ObjectId, default: null },
    kind: { type: String, default: null },
    reason: { type: String, required: true },
    status: { type: Number, required: true },
    message: { type: String, required: true },
    headers: { type: Schema.Types.Mixed, default: {} },
    // First 4 KB, as text.
    bodyExcerpt: { type: String, default: "" },
    bodyBytes: { type: Number, default: 0 },
    // The whole body, for a known tenant's refusal of at most 64 KiB: what a replay sends again.
    rawBody: { type: String },
    // The sender's delivery ids from its headers, lowercased: what a search of the debugger matches.
    keys: { type: [String], default: undefined },
  },
  { timestamps: { createdAt: "receivedAt", updatedAt: false }, collection: "rejected_deliveries", minimize: false },
);
// rejections.listRecent: a tenant's newest refusals, newest first (the deliveries debugger).
rejectedDeliverySchema.index({ tenantId: 1, receivedAt: -1, _id: -1 }, { name: "tenant_recent" });
// rejections.search: a tenant's refusals by the sender's delivery id.
rejectedDeliverySchema.index({ tenantId: 1, keys: 1, receivedAt: -1, _id: -1 }, { name: "tenant_keys_recent" });
// rejections.expire: refusals older than the retention period go (MongoDB's TTL monitor; a
// bounded delete by range where the server has no TTL indexes).
rejectedDeliverySchema.index({ receivedAt: 1 }, { name: "expire", expireAfterSeconds: LOG_RETENTION_DAYS * 24 * 3600 });

export type RejectedDeliveryFields = InferSchemaType<typeof rejectedDeliverySchema>;
type RejectedDeliveryModel = Model<RejectedDeliveryFields>;
export const RejectedDelivery: RejectedDeliveryModel =
  (mongoose.models.RejectedDelivery as RejectedDeliveryModel | undefined) ??
  mongoose.model<RejectedDeliveryFields>("RejectedDelivery", rejectedDeliverySchema);
