import type { WebhookKind } from "@/lib/webhooks/schemas";

// Every accepted inbound request, with what we answered (SPEC §3): the tenant's deliveries log.
// A platform's retry of a delivery is listed again, answered as the duplicate it is.

export type AcceptedDelivery = {
  kind: WebhookKind;
  /** `webhook-id` / `Idempotency-Key` when the sender gave one, otherwise a generated unique id. */
  deliveryId: string;
  /** The domain identity of the event (order:ORD-1:paid, payment:pay_1:paid, …). */
  dedupeKey: string;
  scheme: "hex" | "standard" | "none";
  headers: Record<string, string>;
  rawBody: string;
  /** What Pulseboard answered: 201 created, 200 duplicate or update, 202 payment waiting for its order. */
  result: { status: number; body: unknown };
};

export type AcceptedDeliveryRecord = Omit<AcceptedDelivery, "rawBody" | "result"> & {
  id: string;
  status: number;
  /** The first 4 KB of the body, as text. */
  bodyExcerpt: string;
  bodyBytes: number;
  receivedAt: Date;
};

export interface DeliveryLogPort {
  /**
   * Records an accepted request — each retry of a delivery id too, with what it was answered.
   * With `once`, the record is kept once under that key (an event's first record, written again
   * when its effects are replayed after a crash): a second call with it does nothing.
   */
  record(tenantId: string, delivery: AcceptedDelivery, options?: { once?: string }): Promise<void>;
  /** The tenant's newest accepted deliveries, newest first, at most `limit` (≤ 50), of one kind if given. */
  listRecent(tenantId: string, query: { limit: number; kind?: WebhookKind }): Promise<AcceptedDeliveryRecord[]>;
}
