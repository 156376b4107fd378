import type { SourceType } from "@/lib/sources/schemas";
import type { DeliveryScheme, WebhookKind } from "@/lib/webhooks/schemas";

// Every accepted inbound request, with what we answered (SPEC §3): the tenant's deliveries log.
// A platform's retry of a delivery is listed again, answered as the duplicate it is.

/** A source delivery (SPEC §8): which source, the platform's topic, and why it produced nothing, if it did not. */
export type SourceDeliveryInfo = { id: string; type: SourceType; topic: string | null; note: string | null };

export type AcceptedDelivery = {
  /** `other`: a source's delivery of a topic we do not map (stored and shown only). */
  kind: WebhookKind | "other";
  /** `webhook-id` / `Idempotency-Key` when the sender gave one, otherwise a generated unique id. */
  deliveryId: string;
  /** The domain identity of the event (order:ORD-1:paid, payment:pay_1:paid, …). */
  dedupeKey: string;
  scheme: DeliveryScheme;
  headers: Record<string, string>;
  rawBody: string;
  /** Set for a delivery to a source's URL. */
  source?: SourceDeliveryInfo;
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
   * when its effects are replayed after a crash): a second call with it does nothing and answers
   * `recorded: false` (a platform's repeat of a delivery that produced no record says so).
   */
  record(tenantId: string, delivery: AcceptedDelivery, options?: { once?: string }): Promise<{ recorded: boolean }>;
  /** The tenant's newest accepted deliveries, newest first, at most `limit` (≤ 50), of one kind or one source if given. */
  /** One accepted delivery with its body as received (a source's re-map); null when unknown or another tenant's. */
  find(tenantId: string, id: string): Promise<(AcceptedDeliveryRecord & { rawBody: string }) | null>;
  /**
   * The record an accepted event's first attempt left, kept once under the event (its journal
   * entry, lib/storage/ports/effect-journal.ts, which orders name in their history); null when none.
   */
  findForEvent(tenantId: string, event: string): Promise<(AcceptedDeliveryRecord & { rawBody: string }) | null>;
  listRecent(
    tenantId: string,
    query: { limit: number; kind?: WebhookKind; sourceId?: string },
  ): Promise<AcceptedDeliveryRecord[]>;
}
