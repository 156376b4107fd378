import { type Bucket, insightBuckets } from "@/lib/insights/insight-buckets";
import type { DeliveryInsights, EndpointFigures, InsightRange } from "@/lib/insights/schemas";
import type { EndpointCounts, HourCounts } from "@/lib/storage/ports/delivery-stats";
import { getStorage } from "@/lib/storage/registry";

const HOUR_MS = 3_600_000;

const emptyHour = (): HourCounts => ({ accepted: 0, rejected: {}, endpoints: {} });

function addHour(total: HourCounts, hour: HourCounts): void {
  total.accepted += hour.accepted;
  for (const [reason, n] of Object.entries(hour.rejected)) total.rejected[reason] = (total.rejected[reason] ?? 0) + n;
  for (const [id, c] of Object.entries(hour.endpoints)) {
    const sum = total.endpoints[id] ?? { succeeded: 0, failed: 0, latencyMs: 0 };
    total.endpoints[id] = sum;
    sum.succeeded += c.succeeded;
    sum.failed += c.failed;
    sum.latencyMs += c.latencyMs;
  }
}

/** The hours that start in the bucket, summed (as the order charts sum their slots). */
function sumOf(bucket: Bucket, hours: Map<number, HourCounts>): HourCounts {
  const total = emptyHour();
  for (let at = Math.ceil(bucket.start.getTime() / HOUR_MS) * HOUR_MS; at < bucket.end.getTime(); at += HOUR_MS) {
    const hour = hours.get(at);
    if (hour) addHour(total, hour);
  }
  return total;
}

function figuresOf(c: EndpointCounts): EndpointFigures {
  const attempts = c.succeeded + c.failed;
  return {
    succeeded: c.succeeded,
    failed: c.failed,
    successRate: attempts ? Math.round((c.succeeded / attempts) * 1000) / 10 : null,
    avgLatencyMs: attempts ? Math.round(c.latencyMs / attempts) : null,
  };
}

const rejectedIn = (hour: HourCounts) => Object.values(hour.rejected).reduce((sum, n) => sum + n, 0);

/**
 * Inbound deliveries accepted and refused by reason, and each outbound endpoint's success rate and
 * mean latency, bucket by bucket over a range, in the store's time zone (the viewer's when it has
 * none). Read from the hourly counters (lib/storage/ports/delivery-stats.ts), never from the logs.
 */
export async function getDeliveryInsights(
  tenantId: string,
  range: InsightRange,
  viewerTz: string,
  now = new Date(),
): Promise<DeliveryInsights> {
  const storage = getStorage();
  const [store, endpoints] = await Promise.all([storage.tenantSettings.get(tenantId), storage.outbound.listEndpoints(tenantId)]);
  const tz = store?.timeZone ?? viewerTz;
  const { granularity, current, previous } = insightBuckets(range, tz, now);
  const first = previous[0] ?? current[0];
  const last = current.at(-1);
  const hours = first && last ? await storage.deliveryStats.read(tenantId, first.start, last.end) : new Map<number, HourCounts>();

  const total = emptyHour();
  let previousAccepted = 0;
  let previousRejected = 0;
  const points = current.map((bucket, i) => {
    const sum = sumOf(bucket, hours);
    addHour(total, sum);
    if (previous[i]) {
      const before = sumOf(previous[i], hours);
      previousAccepted += before.accepted;
      previousRejected += rejectedIn(before);
    }
    return {
      start: bucket.start.toISOString(),
      end: bucket.end.toISOString(),
      accepted: sum.accepted,
      rejected: sum.rejected,
      outbound: Object.fromEntries(Object.entries(sum.endpoints).map(([id, c]) => [id, figuresOf(c)])),
    };
  });
  const urls = new Map(endpoints.map((e) => [e.id, e.url]));
  return {
    range,
    granularity,
    tz,
    tzOf: store?.timeZone ? "store" : "viewer",
    reasons: Object.entries(total.rejected)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([reason]) => reason),
    endpoints: Object.entries(total.endpoints)
      .map(([id, c]) => ({ id, url: urls.get(id) ?? null, ...figuresOf(c) }))
      .sort((a, b) => b.succeeded + b.failed - (a.succeeded + a.failed) || a.id.localeCompare(b.id)),
    points,
    totals: { accepted: total.accepted, rejected: rejectedIn(total), previousAccepted, previousRejected },
  };
}
