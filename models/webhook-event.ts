import { type InferSchemaType, type Model, Schema } from "mongoose";
import { logConnection } from "@/lib/storage/database/log-database";
import { LOG_RETENTION_DAYS } from "@/lib/storage/mongodb/retention";

// Every accepted inbound request, with what we answered — a platform's retry of a delivery id too
// (answered as the duplicate it is); in the log database (lib/storage/database/log-database.ts).
const webhookEventSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    // `other`: a source delivery of a topic that is stored, not mapped.
    kind: { type: String, enum: ["orders", "payments", "notifications", "other"], required: true },
    // `webhook-id` / `Idempotency-Key` when the sender gave one, otherwise a generated unique id.
    deliveryId: { type: String, required: true },
    // The domain identity of the event (order:ORD-1, payment:pay_1:paid, …), for the delivery log.
    dedupeKey: { type: String, required: true },
    // hex / standard / none (SPEC §3), or source:<type> for a source's platform scheme (SPEC §8).
    scheme: { type: String, required: true },
    // A delivery to a source's URL (SPEC §8): {id, type, topic, note} — note says why it produced nothing.
    source: { type: Schema.Types.Mixed, default: undefined },
    headers: { type: Schema.Types.Mixed, default: {} },
    rawBody: { type: String, required: true },
    // What the deliveries log shows, so a page of it never reads the bodies (absent on older documents).
    bodyExcerpt: { type: String },
    bodyBytes: { type: Number },
    // What a search of the log matches (lib/storage/common/inbound-log-search.ts), lowercased; absent on older documents.
    keys: { type: [String], default: undefined },
    result: {
      status: { type: Number, required: true },
      body: { type: Schema.Types.Mixed, default: null },
    },
  },
  { timestamps: { createdAt: "receivedAt", updatedAt: false }, collection: "webhook_events", minimize: false },
);
// deliveries.listRecent: a tenant's newest deliveries (the deliveries log).
webhookEventSchema.index({ tenantId: 1, receivedAt: -1, _id: -1 }, { name: "tenant_recent" });
// deliveries.listRecentOfSource: one source's newest deliveries (the Sources page).
webhookEventSchema.index({ tenantId: 1, "source.id": 1, receivedAt: -1, _id: -1 }, { name: "tenant_source_recent" });
// deliveries.listRecentOfKind: the same, filtered by kind.
webhookEventSchema.index({ tenantId: 1, kind: 1, receivedAt: -1, _id: -1 }, { name: "tenant_kind_recent" });
// deliveries.search: a tenant's deliveries by delivery id, event identity or the id inside it.
webhookEventSchema.index({ tenantId: 1, keys: 1, receivedAt: -1, _id: -1 }, { name: "tenant_keys_recent" });
// deliveries.expire: deliveries older than the retention period go (TTL, or the bounded delete).
webhookEventSchema.index({ receivedAt: 1 }, { name: "expire", expireAfterSeconds: LOG_RETENTION_DAYS * 24 * 3600 });

export type WebhookEventFields = InferSchemaType<typeof webhookEventSchema>;
type WebhookEventModel = Model<WebhookEventFields>;
/** In the log database (lib/storage/database/log-database.ts); valid once connected. */
export function webhookEvents(): WebhookEventModel {
  const log = logConnection();
  return (
    (log.models.WebhookEvent as WebhookEventModel | undefined) ??
    log.model<WebhookEventFields>("WebhookEvent", webhookEventSchema)
  );
}
