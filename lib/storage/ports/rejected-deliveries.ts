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

export interface RejectedDeliveriesPort {
  /** Keeps a refused request; `tenantId` is null when the request named no tenant we know. */
  record(tenantId: string | null, rejection: NewRejection): Promise<RejectionRecord>;
  /** The tenant's newest refusals, newest first, at most `limit` (the debugger shows 50). */
  listRecent(tenantId: string, limit: number): Promise<RejectionRecord[]>;
  /** One of the tenant's refusals with its whole body if kept (else null); null for an unknown id or another tenant's. */
  find(tenantId: string, id: string): Promise<(RejectionRecord & { rawBody: string | null }) | null>;
}
