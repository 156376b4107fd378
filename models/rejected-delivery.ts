import type { Collection, Document } from "mongodb";
import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

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
  },
  { timestamps: { createdAt: "receivedAt", updatedAt: false }, collection: "rejected_deliveries", minimize: false },
);
// A tenant's recent rejections (deliveries debugger).
rejectedDeliverySchema.index({ tenantId: 1, receivedAt: -1 });

export type RejectedDeliveryFields = InferSchemaType<typeof rejectedDeliverySchema>;
type RejectedDeliveryModel = Model<RejectedDeliveryFields>;
export const RejectedDelivery: RejectedDeliveryModel =
  (mongoose.models.RejectedDelivery as RejectedDeliveryModel | undefined) ??
  mongoose.model<RejectedDeliveryFields>("RejectedDelivery", rejectedDeliverySchema);

// The deliveries debugger reads a tenant's newest rejections from a small collection of their own
// (copies, same `_id`): on the embedded database any query on the archive above reads all of it,
// every tenant's rejections included. Kept to RECENT_REJECTIONS (+ trimming slack).
export const RECENT_REJECTIONS = 50;

export function recentRejectionsCollection(tenantId: string): Collection<Document> {
  return mongoose.connection.collection(`rejections_${tenantId}`) as unknown as Collection<Document>;
}
