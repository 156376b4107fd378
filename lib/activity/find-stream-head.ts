import { headKey, knownHeads, raiseKnownHead, readActivityAt } from "@/lib/activity/streams";
import type { ActivityStream } from "@/models/activity-log";

const exists = async (tenantId: string, stream: ActivityStream, seq: number) =>
  (await readActivityAt(tenantId, stream, seq)) !== null;

/**
 * The stream's newest position, found by look-ups of positions (the only cheap read on FerretDB v1):
 * from what this process last knew, one look-up when nothing new was written elsewhere; otherwise
 * galloping up and bisecting, O(log n) look-ups. Streams are dense (log-activity.ts), so "position p
 * exists" is true exactly up to the head.
 */
export async function findStreamHead(tenantId: string, stream: ActivityStream): Promise<number> {
  let low = knownHeads.get(headKey(tenantId, stream)) ?? 0; // known to exist (or 0)
  let step = 1;
  let high = low + step;
  while (await exists(tenantId, stream, high)) {
    low = high;
    step *= 2;
    high = low + step;
  }
  // low exists, high does not: bisect between them.
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(tenantId, stream, mid)) low = mid;
    else high = mid;
  }
  raiseKnownHead(tenantId, stream, low);
  return low;
}
