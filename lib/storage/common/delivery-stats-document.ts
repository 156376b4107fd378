import type { EndpointCounts, HourCounts } from "@/lib/storage/ports/delivery-stats";

// Both adapters keep a tenant's counts one document per UTC day, each hour under `h.t<HH>`:
// `{a, r: {<reason>: n}, e: {e_<endpointId>: {ok, f, ms}}}`. Keys never start with a digit (a
// path segment that looks like an index is read as one by some engines).

export type StatsDay = {
  h?: Record<string, { a?: number; r?: Record<string, number>; e?: Record<string, { ok?: number; f?: number; ms?: number }> }>;
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const SAFE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

export const statsDayKey = (at: Date) => at.toISOString().slice(0, 10).replaceAll("-", "");

/** The UTC days that [from, to) touches, oldest first. */
export function statsDayKeys(from: Date, to: Date): string[] {
  const keys: string[] = [];
  for (let at = Math.floor(from.getTime() / DAY_MS) * DAY_MS; at < to.getTime(); at += DAY_MS)
    keys.push(statsDayKey(new Date(at)));
  return keys;
}

/** The `$inc` of one hour's counts (reasons and ids that could not be keys are left out). */
export function statsIncrement(hour: Date, counts: HourCounts): Record<string, number> {
  const slot = `h.t${String(hour.getUTCHours()).padStart(2, "0")}`;
  const inc: Record<string, number> = {};
  if (counts.accepted) inc[`${slot}.a`] = counts.accepted;
  for (const [reason, n] of Object.entries(counts.rejected)) if (n && SAFE_KEY.test(reason)) inc[`${slot}.r.${reason}`] = n;
  for (const [id, c] of Object.entries(counts.endpoints)) {
    if (!SAFE_KEY.test(id)) continue;
    if (c.succeeded) inc[`${slot}.e.e_${id}.ok`] = c.succeeded;
    if (c.failed) inc[`${slot}.e.e_${id}.f`] = c.failed;
    if (c.latencyMs) inc[`${slot}.e.e_${id}.ms`] = c.latencyMs;
  }
  return inc;
}

/** The hours of one stored day that fall in [from, to), into `into` (by hour start in ms). */
export function readStatsDay(dayKey: string, doc: StatsDay, from: Date, to: Date, into: Map<number, HourCounts>): void {
  const dayStart = Date.UTC(Number(dayKey.slice(0, 4)), Number(dayKey.slice(4, 6)) - 1, Number(dayKey.slice(6, 8)));
  for (const [slot, value] of Object.entries(doc.h ?? {})) {
    const at = dayStart + Number(slot.slice(1)) * HOUR_MS;
    if (Number.isNaN(at) || at < from.getTime() || at >= to.getTime()) continue;
    const endpoints: Record<string, EndpointCounts> = {};
    for (const [key, c] of Object.entries(value.e ?? {}))
      endpoints[key.slice(2)] = { succeeded: c.ok ?? 0, failed: c.f ?? 0, latencyMs: c.ms ?? 0 };
    into.set(at, { accepted: value.a ?? 0, rejected: { ...(value.r ?? {}) }, endpoints });
  }
}
