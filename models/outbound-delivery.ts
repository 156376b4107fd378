import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";
import { LOG_RETENTION_DAYS } from "@/lib/storage/mongodb/retention";

// The `mongodb` adapter's delivery log (lib/storage/mongodb/outbound.ts): one document per
// delivery to a tenant's endpoint, `_id` = the delivery id, with every attempt. The embedded
// adapter keeps its log in per-endpoint generations instead (lib/storage/embedded/outbound-log.ts).
const outboundDeliverySchema = new Schema(
  {
    _id: { type: String },
    tenantId: { type: Schema.Types.ObjectId, required: true },
    endpointId: { type: Schema.Types.ObjectId, required: true },
    url: { type: String, required: true },
    // Kept for a manual retry; null when too large to keep.
    body: { type: String, default: null },
    eventIds: { type: [String], default: [] },
    eventTypes: { type: [String], default: [] },
    status: { type: String, enum: ["pending", "succeeded", "failed"], required: true },
    attempts: { type: [Schema.Types.Mixed], default: [] },
  },
  { timestamps: true, collection: "outbound_deliveries", minimize: false, _id: false },
);
// outboundDeliveries.listByTenant: the tenant's newest deliveries (Settings → Webhooks, the CLI).
outboundDeliverySchema.index({ tenantId: 1, createdAt: -1, _id: -1 }, { name: "tenant_recent" });
// outboundDeliveries.listByTenantStatus: the same, of one status (`deliveries list --failed`).
outboundDeliverySchema.index({ tenantId: 1, status: 1, createdAt: -1, _id: -1 }, { name: "tenant_status_recent" });
// outboundDeliveries.listByEndpoint, outboundDeliveries.removeEndpoint: one endpoint's newest
// deliveries ("Recent deliveries"), and its whole log when it is removed.
outboundDeliverySchema.index({ tenantId: 1, endpointId: 1, createdAt: -1, _id: -1 }, { name: "endpoint_recent" });
// outboundDeliveries.listByEndpointStatus: one endpoint's newest deliveries of one status.
outboundDeliverySchema.index(
  { tenantId: 1, endpointId: 1, status: 1, createdAt: -1, _id: -1 },
  { name: "endpoint_status_recent" },
);
// outboundDeliveries.searchByEvent: the deliveries that carried one event (a search by event id).
outboundDeliverySchema.index({ tenantId: 1, eventIds: 1, createdAt: -1, _id: -1 }, { name: "tenant_event_recent" });
// outboundDeliveries.expire: deliveries older than the retention period go (MongoDB's TTL monitor;
// a bounded delete by range where the server has no TTL indexes).
outboundDeliverySchema.index({ createdAt: 1 }, { name: "expire", expireAfterSeconds: LOG_RETENTION_DAYS * 24 * 3600 });

export type OutboundDeliveryFields = InferSchemaType<typeof outboundDeliverySchema>;
type OutboundDeliveryModel = Model<OutboundDeliveryFields>;
export const OutboundDelivery: OutboundDeliveryModel =
  (mongoose.models.OutboundDelivery as OutboundDeliveryModel | undefined) ??
  mongoose.model<OutboundDeliveryFields>("OutboundDelivery", outboundDeliverySchema);
