import type { AttemptView, OutboundDeliveryView } from "@/lib/outbound/schemas";

// A tenant's outbound endpoints and the log of deliveries made to them, each with its attempts
// (SPEC §6, docs/outbound.md). Counters (successes, failures, latency) live in the outbound Redis,
// not here.

export type DisabledReason = "manual" | "failing" | "gone";

export type OutboundEndpointRecord = {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  /** Event types it receives; "*" is every type. */
  eventTypes: string[];
  /** Custom headers as JSON, sealed (lib/outbound/seal-endpoint-headers.ts); null for endpoints saved before sealing. */
  headersSealed: string | null;
  /** The plaintext headers such older endpoints still carry until their next change. */
  legacyHeaders: Record<string, string>;
  enabled: boolean;
  disabledReason: DisabledReason | null;
  disabledAt: Date | null;
  batch: { maxEvents: number; maxWaitMs: number } | null;
  /** `whsec_…`, sealed with the endpoint id as associated data. */
  secretSealed: string;
  secretRotatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type NewOutboundEndpoint = Pick<
  OutboundEndpointRecord,
  "url" | "description" | "eventTypes" | "enabled" | "disabledReason" | "disabledAt" | "batch" | "secretSealed"
> & { headersSealed: string };

/** The fields to change; setting `headersSealed` also clears the legacy plaintext headers. */
export type OutboundEndpointChange = Partial<
  Pick<
    OutboundEndpointRecord,
    | "url"
    | "description"
    | "eventTypes"
    | "enabled"
    | "disabledReason"
    | "disabledAt"
    | "batch"
    | "secretSealed"
    | "secretRotatedAt"
  > & { headersSealed: string }
>;

export type DeliveryStatus = OutboundDeliveryView["status"];

/** What a delivery is: fixed by whichever of its attempts is recorded first. */
export type NewOutboundDelivery = {
  id: string;
  url: string;
  /** Kept for a manual retry; null when too large to keep. */
  body: string | null;
  eventIds: string[];
  eventTypes: string[];
};

export type AttemptToRecord = { delivery: NewOutboundDelivery; attempt: AttemptView; status: DeliveryStatus };

export type OutboundDeliveryRecord = NewOutboundDelivery & {
  tenantId: string;
  endpointId: string;
  status: DeliveryStatus;
  attempts: AttemptView[];
  createdAt: Date;
  updatedAt: Date;
};

export type DeliveryQuery = {
  endpointId?: string;
  status?: DeliveryStatus;
  limit: number;
  /** The `next` of the previous page: deliveries older than its last one. */
  before?: string | null;
  /** Created at or after. */
  since?: Date;
  /** Created at or before. */
  until?: Date;
  /** Deliveries carrying an event of this type. */
  eventType?: string;
  /** A delivery id (`dlv_…`) or an event id it carries (`evt_…`), matched whole, any case. */
  search?: string;
};

export interface OutboundPort {
  /** Adds an endpoint; `build` receives its id first, as its secret and headers are sealed with it. Null for a malformed tenant id. */
  createEndpoint(tenantId: string, build: (endpointId: string) => NewOutboundEndpoint): Promise<OutboundEndpointRecord | null>;
  /** The tenant's endpoints, oldest first (a handful: at most 20). */
  listEndpoints(tenantId: string): Promise<OutboundEndpointRecord[]>;
  countEndpoints(tenantId: string): Promise<number>;
  /** Null for an unknown id or another tenant's endpoint (also when reached from a queue job by endpoint id). */
  findEndpoint(tenantId: string, endpointId: string): Promise<OutboundEndpointRecord | null>;
  /** Applies the change and returns the endpoint as it now is; null for an unknown or another tenant's endpoint. */
  updateEndpoint(tenantId: string, endpointId: string, change: OutboundEndpointChange): Promise<OutboundEndpointRecord | null>;
  /**
   * Compare-and-set: disables the endpoint only while it is enabled, so of several workers that
   * see it fail at once exactly one gets true (and notifies); false otherwise.
   */
  disableEndpoint(tenantId: string, endpointId: string, reason: DisabledReason, at: Date): Promise<boolean>;
  /** Removes the endpoint with its whole delivery log; false for an unknown or another tenant's endpoint. */
  removeEndpoint(tenantId: string, endpointId: string): Promise<boolean>;

  /**
   * Logs attempts to one of the tenant's endpoints. `first`: these are the deliveries' first
   * attempts (usually their only write); otherwise each is appended to its delivery, which is
   * created if it is not (or no longer) in the log. A delivery's document is written only by the
   * job making its attempt.
   */
  recordAttempts(tenantId: string, endpointId: string, items: AttemptToRecord[], options: { first: boolean }): Promise<void>;
  /**
   * The tenant's newest deliveries first, with their attempts; `next` pages on (null at the end).
   * As the inbound logs' (delivery-log.ts), a page may be short with `next` still given.
   */
  listDeliveries(tenantId: string, query: DeliveryQuery): Promise<{ deliveries: OutboundDeliveryRecord[]; next: string | null }>;
  /** Null for an unknown id or another tenant's delivery. */
  findDelivery(tenantId: string, deliveryId: string): Promise<OutboundDeliveryRecord | null>;
}
