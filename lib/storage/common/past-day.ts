import { utcDayKey } from "@/lib/dashboard/day-range";

/**
 * Whether a fact about `at` lands in a UTC day that is already over, and so may be in a sealed day
 * summary that must be recomputed (DashboardPort.daySummaries).
 */
export function isPastDay(at: Date, now = new Date()): boolean {
  return utcDayKey(at) < utcDayKey(now);
}
