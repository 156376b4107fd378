import type { Collection, Document } from "mongodb";
import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";
import { dropGenerationsBefore, generationCollectionName, listGenerations } from "@/lib/db/list-generations";

// A tenant's own receiver for outbound events (SPEC §6). Configuration, not history: a tenant has
// a handful, so the whole collection stays small; the ingest path reads a tenant's list from a
// per-process cache (lib/outbound/endpoint-cache.ts), never per request.
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
// A tenant's endpoints in creation order (settings page, CLI, the ingest cache on a miss).
outboundEndpointSchema.index({ tenantId: 1, createdAt: 1 });

export type OutboundEndpointFields = InferSchemaType<typeof outboundEndpointSchema>;
type OutboundEndpointModel = Model<OutboundEndpointFields>;
export const OutboundEndpoint: OutboundEndpointModel =
  (mongoose.models.OutboundEndpoint as OutboundEndpointModel | undefined) ??
  mongoose.model<OutboundEndpointFields>("OutboundEndpoint", outboundEndpointSchema);

// Each endpoint's recent deliveries (with their attempts) live in small collections of their own,
// one per generation of OUTBOUND_DELIVERY_WINDOW deliveries: delivery n (an endpoint-wide sequence
// in the outbound Redis) goes to generation floor(n / window), and opening generation g drops g - 2.
// On the embedded database every query but one by `_id` reads a whole collection, so trimming a
// single window cost two scans of it (find the oldest, delete them) — more than the inserts. A
// drop costs one statement; the reads look at the two newest generations only. Each document is
// written only by the job delivering it, one attempt at a time, by its exact `_id`.
export const OUTBOUND_DELIVERY_WINDOW = 100;

const windowPrefix = (endpointId: string) => `outbound_deliveries_${endpointId}`;

/** The endpoint's window generations, newest first (lib/db/list-generations.ts). */
export function deliveryWindowGenerations(endpointId: string): Promise<number[]> {
  return listGenerations(windowPrefix(endpointId));
}

/** Drops the endpoint's window generations older than `keep` (all of them with Infinity). */
export function dropDeliveryWindowsBefore(endpointId: string, keep: number): Promise<void> {
  return dropGenerationsBefore(windowPrefix(endpointId), keep);
}

/** A generation's collection. */
export function outboundDeliveriesCollection(endpointId: string, generation: number): Collection<Document> {
  const name = generationCollectionName(windowPrefix(endpointId), generation);
  return mongoose.connection.collection(name) as unknown as Collection<Document>;
}
