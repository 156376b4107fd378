import type { Collection } from "mongodb";
import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// Every accepted inbound delivery, with what we answered.
const webhookEventSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ["orders", "payments", "notifications"], required: true },
    // `webhook-id` / `Idempotency-Key` when the sender gave one, otherwise a generated unique id
    // (never null: a unique index without partial-index support must not see two nulls).
    deliveryId: { type: String, required: true },
    // The domain identity of the event (order:ORD-1, payment:pay_1:paid, …), for the delivery log.
    dedupeKey: { type: String, required: true },
    scheme: { type: String, enum: ["hex", "standard", "none"], required: true },
    headers: { type: Schema.Types.Mixed, default: {} },
    rawBody: { type: String, required: true },
    result: {
      status: { type: Number, required: true },
      body: { type: Schema.Types.Mixed, default: null },
    },
  },
  { timestamps: { createdAt: "receivedAt", updatedAt: false }, collection: "webhook_events", minimize: false },
);
// Any delivery carrying the same webhook-id / Idempotency-Key is processed once per tenant.
webhookEventSchema.index({ tenantId: 1, deliveryId: 1 }, { unique: true });
// Recent deliveries of a tenant (delivery log).
webhookEventSchema.index({ tenantId: 1, receivedAt: -1 });

export type WebhookEventFields = InferSchemaType<typeof webhookEventSchema>;
type WebhookEventModel = Model<WebhookEventFields>;
export const WebhookEvent: WebhookEventModel =
  (mongoose.models.WebhookEvent as WebhookEventModel | undefined) ??
  mongoose.model<WebhookEventFields>("WebhookEvent", webhookEventSchema);

// The deliveries log reads a tenant's newest accepted deliveries from a small collection of their
// own: on the embedded database any query on the archive above reads all of it, every tenant's
// history included. Each document there is a page (the deliveries of one group commit, newest
// `receivedAt` on the page), so the hot path adds one insert per batch, not one per delivery;
// pages are trimmed to the newest RECENT_DELIVERIES entries (+ slack) and read whole, by no index.
export const RECENT_DELIVERIES = 50;

export type AcceptedDeliveryEntry = {
  /** Same `_id` as the delivery's webhook_events document. */
  id: string;
  kind: string;
  deliveryId: string;
  dedupeKey: string;
  scheme: string;
  status: number;
  headers: Record<string, string>;
  /** First 4 KB of the body, as text. */
  bodyExcerpt: string;
  bodyBytes: number;
  receivedAt: Date;
};

export type AcceptedDeliveryPage = {
  _id: mongoose.Types.ObjectId;
  receivedAt: Date;
  count: number;
  entries: AcceptedDeliveryEntry[];
};

export function recentAcceptedCollection(tenantId: string): Collection<AcceptedDeliveryPage> {
  return mongoose.connection.collection(`accepted_${tenantId}`) as unknown as Collection<AcceptedDeliveryPage>;
}
