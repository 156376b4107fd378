import { services } from "@/lib/services/registry";

const HOUR_MS = 3_600_000;
// Tenant-hours waiting at most: past it a count is dropped (the charts are a view, never the record).
const MAX_PENDING = 50_000;

export type DeliveryCount = { accepted: true } | { rejected: string } | { endpointId: string; ok: boolean; latencyMs: number };

/**
 * Counts a delivery for the charts: an accepted request, a refusal by reason, or an outbound
 * attempt. In memory and synchronous — the request never waits for it; the counts are added to the
 * storage counters every few seconds (flush-delivery-counts.ts).
 */
export function countDelivery(tenantId: string, at: Date, count: DeliveryCount): void {
  const pending = services().deliveryCounts;
  const hour = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  const key = `${tenantId}:${hour}`;
  let entry = pending.get(key);
  if (!entry) {
    if (pending.size >= MAX_PENDING) return;
    entry = { tenantId, hour: new Date(hour), counts: { accepted: 0, rejected: {}, endpoints: {} } };
    pending.set(key, entry);
  }
  const { counts } = entry;
  if ("accepted" in count) counts.accepted += 1;
  else if ("rejected" in count) counts.rejected[count.rejected] = (counts.rejected[count.rejected] ?? 0) + 1;
  else {
    const endpoint = counts.endpoints[count.endpointId] ?? { succeeded: 0, failed: 0, latencyMs: 0 };
    counts.endpoints[count.endpointId] = endpoint;
    if (count.ok) endpoint.succeeded += 1;
    else endpoint.failed += 1;
    endpoint.latencyMs += Math.max(0, Math.round(count.latencyMs));
  }
}
