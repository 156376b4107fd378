import { localDayRange } from "@/lib/dashboard/day-range";
import type { InsightRange } from "@/lib/insights/schemas";

const HOUR_MS = 3_600_000;

export type Bucket = { start: Date; end: Date };

/**
 * A range's buckets, oldest first, each paired with the same bucket one period earlier: the 24
 * hours up to and including the current one, or the last 7/30/90 calendar days in `tz` including
 * today (a day of 23 or 25 hours when the clocks change).
 */
export function insightBuckets(
  range: InsightRange,
  tz: string,
  now: Date,
): { granularity: "hour" | "day"; current: Bucket[]; previous: Bucket[] } {
  if (range === "24h") {
    const thisHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
    const hour = (i: number): Bucket => ({
      start: new Date(thisHour - i * HOUR_MS),
      end: new Date(thisHour - (i - 1) * HOUR_MS),
    });
    const indexes = Array.from({ length: 24 }, (_, i) => 23 - i);
    return { granularity: "hour", current: indexes.map(hour), previous: indexes.map((i) => hour(i + 24)) };
  }
  const count = Number.parseInt(range, 10);
  const days: Bucket[] = [localDayRange(tz, now)];
  while (days.length < count * 2) days.unshift(localDayRange(tz, new Date((days[0] as Bucket).start.getTime() - 1)));
  return { granularity: "day", current: days.slice(count), previous: days.slice(0, count) };
}
