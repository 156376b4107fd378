// Refused inbound requests, kept for the tenant's deliveries debugger (SPEC §3).

export type NewRejection = {
  kind: string | null;
  reason: string;
  status: number;
  message: string;
  headers: Record<string, string>;
  /** The first bytes of the body, as text. */
  bodyExcerpt: string;
  bodyBytes: number;
  /**
   * The whole body as received, when it is kept (a known tenant's refusal of at most
   * REPLAYABLE_BYTES): what a replay sends through the pipeline again once the cause is fixed.
   */
  rawBody?: string;
};

/** The largest refused body kept whole, so that it can be replayed. */
export const REPLAYABLE_BYTES = 64 * 1024;

export type RejectionRecord = Omit<NewRejection, "rawBody"> & { id: string; tenantId: string | null; receivedAt: Date };

/** The headers that carry a sender's delivery id, on our routes and on a source's (SPEC §8). */
export const DELIVERY_ID_HEADERS = [
  "webhook-id",
  "idempotency-key",
  "x-shopify-webhook-id",
  "x-shopify-event-id",
  "x-wc-webhook-delivery-id",
] as const;

export type RejectionQuery = {
  limit: number;
  /** The refusal's reason code (`signature_mismatch`, `endpoint_disabled`…). */
  reason?: string;
  /** The route's kind (`orders`…, `source:shopify`…). */
  kind?: string;
  since?: Date;
  until?: Date;
  /** A refusal's record id or the sender's delivery id (a `webhook-id`, `Idempotency-Key`, platform delivery header). */
  search?: string;
  cursor?: string;
};

export interface RejectedDeliveriesPort {
  /** Keeps a refused request; `tenantId` is null when the request named no tenant we know. */
  record(tenantId: string | null, rejection: NewRejection): Promise<RejectionRecord>;
  /**
   * A page of the tenant's refusals, newest first, matching every filter given, and the cursor of
   * the next page (null at the end; as the accepted log's, a page may be short with a cursor given).
   */
  list(tenantId: string, query: RejectionQuery): Promise<{ deliveries: RejectionRecord[]; next: string | null }>;
  /** One of the tenant's refusals with its whole body if kept (else null); null for an unknown id or another tenant's. */
  find(tenantId: string, id: string): Promise<(RejectionRecord & { rawBody: string | null }) | null>;
}
