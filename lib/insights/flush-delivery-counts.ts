import { announceDeliveryCounts } from "@/lib/insights/announce-delivery-counts";
import { getLogger } from "@/lib/logger";
import { services } from "@/lib/services/registry";
import { getStorage } from "@/lib/storage/registry";

/**
 * Adds the counts gathered since the last flush to the storage counters, one `$inc` per tenant and
 * hour, then tells the tenants' open charts. A failed add is logged and its counts dropped: the
 * charts are a view of the deliveries, whose own records are kept elsewhere.
 */
export async function flushDeliveryCounts(): Promise<number> {
  const pending = services().deliveryCounts;
  if (pending.size === 0) return 0;
  const entries = [...pending.values()];
  pending.clear();
  const stats = getStorage().deliveryStats;
  const tenants = new Set<string>();
  await Promise.all(
    entries.map((entry) =>
      stats.add(entry.tenantId, entry.hour, entry.counts).then(
        () => tenants.add(entry.tenantId),
        (error: unknown) => getLogger().warn({ err: error, tenantId: entry.tenantId }, "could not add delivery counts"),
      ),
    ),
  );
  for (const tenantId of tenants) announceDeliveryCounts(tenantId);
  return entries.length;
}
