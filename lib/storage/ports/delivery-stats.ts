// Counts of a tenant's deliveries per UTC hour, for the deliveries charts (issue 16): inbound
// requests accepted, refused by reason, and outbound attempts per endpoint with their latency.
// Counters that are added to, never a list: a chart reads at most a few hundred small documents.

export type EndpointCounts = { succeeded: number; failed: number /** Summed over the attempts. */; latencyMs: number };

export type HourCounts = {
  accepted: number;
  /** By the refusal's reason code (signature_mismatch, endpoint_disabled, …). */
  rejected: Record<string, number>;
  /** By outbound endpoint id. */
  endpoints: Record<string, EndpointCounts>;
};

export interface DeliveryStatsPort {
  /** Adds `counts` to the tenant's hour that starts at `hour` (a whole UTC hour); atomic per hour. */
  add(tenantId: string, hour: Date, counts: HourCounts): Promise<void>;
  /** The tenant's counts per hour (its start in ms) in [from, to); hours with nothing counted are absent. */
  read(tenantId: string, from: Date, to: Date): Promise<Map<number, HourCounts>>;
}
