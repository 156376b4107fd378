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
