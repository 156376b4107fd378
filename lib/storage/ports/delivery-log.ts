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

export type AcceptedDeliveryQuery = {
  limit: number;
  kind?: AcceptedDelivery["kind"];
  sourceId?: string;
  /** What Pulseboard answered (201, 200, 202). */
  status?: number;
  /** Received at or after. */
  since?: Date;
  /** Received at or before. */
  until?: Date;
  /**
   * A delivery's record id, the sender's delivery id, or the event's identity or id (`order:ORD-1:paid`,
   * `ORD-1`, `pay_1`, a platform's event id): matched whole, case-insensitively (deliverySearchKeys).
   */
  search?: string;
  /** From an earlier page's `next`; opaque. */
  cursor?: string;
};

export interface DeliveryLogPort {
  /**
   * Records an accepted request — each retry of a delivery id too, with what it was answered.
   * With `once`, the record is kept once under that key (an event's first record, written again
   * when its effects are replayed after a crash): a second call with it does nothing and answers
   * `recorded: false` (a platform's repeat of a delivery that produced no record says so).
   */
  record(tenantId: string, delivery: AcceptedDelivery, options?: { once?: string }): Promise<{ recorded: boolean }>;
  /** One accepted delivery with its body as received (a source's re-map); null when unknown or another tenant's. */
  find(tenantId: string, id: string): Promise<(AcceptedDeliveryRecord & { rawBody: string }) | null>;
  /**
   * The record an accepted event's first attempt left, kept once under the event (its journal
   * entry, lib/storage/ports/effect-journal.ts, which orders name in their history); null when none.
   */
  findForEvent(tenantId: string, event: string): Promise<(AcceptedDeliveryRecord & { rawBody: string }) | null>;
  /**
   * A page of the tenant's accepted deliveries, newest first, matching every filter given, and the
   * cursor of the next page (null at the end). A page may hold fewer than `limit` with a cursor
   * still given: a log read in bounded steps (the embedded adapter's) says where it stopped.
   */
  list(tenantId: string, query: AcceptedDeliveryQuery): Promise<{ deliveries: AcceptedDeliveryRecord[]; next: string | null }>;
}
