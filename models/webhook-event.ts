import type { Collection } from "mongodb";
import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";
import { dropGenerationsBefore, generationCollectionName, listGenerations } from "@/lib/db/list-generations";
import { logConnection } from "@/lib/db/log-database";

// Every accepted inbound delivery, with what we answered; in the log database (lib/db/log-database.ts).
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
/** In the log database (lib/db/log-database.ts); valid once connected. */
export function webhookEvents(): WebhookEventModel {
  const log = logConnection();
  return (
    (log.models.WebhookEvent as WebhookEventModel | undefined) ??
    log.model<WebhookEventFields>("WebhookEvent", webhookEventSchema)
  );
}

// The deliveries log reads a tenant's newest accepted deliveries from small collections of their
// own: on the embedded database any query on the archive above reads all of it, every tenant's
// history included. Each document there is a page (the deliveries of one group commit, newest
// `receivedAt` on the page), so the hot path adds one insert per batch, not one per delivery.
// Pages go to generations of RECENT_DELIVERIES entries (`accepted_<tenant>_g<n>`); opening
// generation n drops those before n - 1, one statement where trimming one collection read all of
// it (the pages hold the bodies) on every 25 deliveries. The log reads the two newest generations.
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

const acceptedPrefix = (tenantId: string) => `accepted_${tenantId}`;

/** A generation of the tenant's window (lib/db/list-generations.ts). */
export function recentAcceptedCollection(tenantId: string, generation: number): Collection<AcceptedDeliveryPage> {
  const name = generationCollectionName(acceptedPrefix(tenantId), generation);
  return logConnection().collection(name) as unknown as Collection<AcceptedDeliveryPage>;
}

/** The tenant's window generations, newest first. */
export function acceptedWindowGenerations(tenantId: string): Promise<number[]> {
  return listGenerations(acceptedPrefix(tenantId), logConnection());
}

/** Drops the tenant's window generations older than `keep`. */
export function dropAcceptedWindowsBefore(tenantId: string, keep: number): Promise<void> {
  return dropGenerationsBefore(acceptedPrefix(tenantId), keep, logConnection());
}
