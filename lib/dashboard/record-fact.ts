import { insertBatchedRaw } from "@/lib/db/insert-batched";
import { isDuplicateKey } from "@/lib/errors-db";
import { type DashboardFact, dashboardDayCollection, dashboardDaysCollection } from "@/models/dashboard-fact";

// Days this process has already listed in a tenant's day index: one insert per tenant and day,
// not per event. Bounded: forgetting only costs a duplicate insert, which is ignored.
const listedDays = new Set<string>();
const MAX_LISTED = 10_000;

const ignoreDuplicate = (error: unknown) => (isDuplicateKey(error) ? undefined : Promise.reject(error));

/** Stores one fact in the tenant's bucket for `dayKey` (idempotent on the fact's `_id`) and lists the day. */
export async function recordFact(tenantId: string, dayKey: string, fact: DashboardFact): Promise<void> {
  const writes = [insertBatchedRaw(dashboardDayCollection(tenantId, dayKey), fact).catch(ignoreDuplicate)];
  const listed = `${tenantId}:${dayKey}`;
  if (!listedDays.has(listed)) {
    writes.push(
      insertBatchedRaw(dashboardDaysCollection(tenantId), { _id: dayKey })
        .catch(ignoreDuplicate)
        .then(() => {
          if (listedDays.size >= MAX_LISTED) listedDays.clear();
          listedDays.add(listed);
        }),
    );
  }
  await Promise.all(writes);
}
