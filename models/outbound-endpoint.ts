import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// A tenant's own receiver for outbound events (SPEC §6). Configuration, not history: a tenant has
// a handful, so the whole collection stays small; the ingest path reads a tenant's list from a
// per-process cache (lib/outbound/endpoint-cache.ts), never per request. Both storage adapters
// read and write it through lib/storage/ (this schema declares its fields and indexes).
const outboundEndpointSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    url: { type: String, required: true },
    description: { type: String, default: "" },
    // Event types it receives; "*" is every type.
    eventTypes: { type: [String], default: ["*"] },
    // Extra request headers ({name: value}; the signature headers can never be among them, see
    // lib/outbound/schemas.ts), as JSON sealed like the secret (lib/outbound/seal-endpoint-headers.ts).
    headersSealed: { type: String, default: null },
    // The same in plaintext, as versions before sealing stored them: read while headersSealed is null.
    headers: { type: Schema.Types.Mixed, default: {} },
    enabled: { type: Boolean, default: true },
    // Why it is disabled: by a member, automatically after consecutive failures, or because it answered 410.
    disabledReason: { type: String, enum: ["manual", "failing", "gone", null], default: null },
    disabledAt: { type: Date, default: null },
    // Batching: up to batchMaxEvents events per delivery, none waiting longer than batchMaxWaitMs.
    batchMaxEvents: { type: Number, default: null },
    batchMaxWaitMs: { type: Number, default: null },
    // `whsec_…`, AES-256-GCM sealed with the endpoint id as associated data; shown once.
    secretSealed: { type: String, required: true },
    secretRotatedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: "outbound_endpoints", minimize: false },
);
// outboundEndpoints.list, outboundEndpoints.count: a tenant's endpoints in creation order (settings
// page, CLI, the ingest cache on a miss), and how many it has.
outboundEndpointSchema.index({ tenantId: 1, createdAt: 1, _id: 1 }, { name: "tenant_created" });

export type OutboundEndpointFields = InferSchemaType<typeof outboundEndpointSchema>;
type OutboundEndpointModel = Model<OutboundEndpointFields>;
export const OutboundEndpoint: OutboundEndpointModel =
  (mongoose.models.OutboundEndpoint as OutboundEndpointModel | undefined) ??
  mongoose.model<OutboundEndpointFields>("OutboundEndpoint", outboundEndpointSchema);
