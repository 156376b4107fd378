import pLimit from "p-limit";
import { utcDayKeys } from "@/lib/dashboard/day-range";
import { emptySlot } from "@/lib/insights/empty-slot";
import { hourSlotsOf } from "@/lib/insights/hour-slots-of";
import { getLogger } from "@/lib/logger";
import type { HourSlot } from "@/lib/storage/ports/dashboard";
import { getStorage } from "@/lib/storage/registry";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
// A day is sealed this long after it ends: a process whose clock is a little behind still sees the
// day as open and does not mark its late fact, so the reader waits until no clock can disagree.
const SEAL_AFTER_MS = 5 * 60_000;
// Unsealed days computed side by side: each is one read of that day's facts.
const COMPUTE_CONCURRENCY = 4;

/** Consecutive days (`YYYYMMDD`, oldest first) grouped into runs. */
function runsOf(days: string[]): string[][] {
  const runs: string[][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && dayStartOf(day).getTime() - dayStartOf(last).getTime() === DAY_MS) run.push(day);
    else runs.push([day]);
  }
  return runs;
}

const dayStartOf = (key: string) => new Date(Date.UTC(+key.slice(0, 4), +key.slice(4, 6) - 1, +key.slice(6, 8)));

/**
 * The hourly slots of the UTC hours in [start, end), by hour start (ms). Each closed day is read
 * from its sealed summary; a day without one is summed from its facts and, once closed, sealed for
 * the next reader (compare-and-set, so a fact that arrived meanwhile keeps it unsealed). So a 90-day
 * chart reads 90 summaries, and only the open days' facts.
 */
export async function readHourSlots(tenantId: string, start: Date, end: Date, now = new Date()): Promise<Map<number, HourSlot>> {
  const dashboard = getStorage().dashboard;
  const days = utcDayKeys(start, end);
  const summaries = await dashboard.daySummaries(tenantId, days);
  const perDay = new Map<string, HourSlot[]>();
  const open: string[] = [];
  for (const day of days) {
    const slots = summaries.get(day)?.slots;
    if (slots) perDay.set(day, slots);
    else if (dayStartOf(day) < now) open.push(day);
    else perDay.set(day, Array.from({ length: 24 }, emptySlot));
  }
  // The days without a summary, a run of consecutive days at a time: one read of their facts each.
  const limit = pLimit(COMPUTE_CONCURRENCY);
  await Promise.all(
    runsOf(open).map((run) =>
      limit(async () => {
        const first = dayStartOf(run[0] as string);
        const facts = await dashboard.factsIn(tenantId, first, new Date(dayStartOf(run.at(-1) as string).getTime() + DAY_MS));
        for (const day of run) {
          const dayStart = dayStartOf(day);
          const dayEnd = new Date(dayStart.getTime() + DAY_MS);
          const inDay = {
            orders: facts.orders.filter((o) => o.createdAt >= dayStart && o.createdAt < dayEnd),
            payments: facts.payments.filter((p) => p.at >= dayStart && p.at < dayEnd),
          };
          const slots = hourSlotsOf(dayStart, inDay);
          perDay.set(day, slots);
          const summary = summaries.get(day);
          // An empty day costs nothing to compute again: not worth a stored summary.
          const empty = inDay.orders.length === 0 && inDay.payments.length === 0;
          // Stored for the next reader, without holding up this one (the embedded adapter queues it
          // behind the writes of webhooks); a seal that fails is computed again next time.
          if (summary && !empty && dayEnd.getTime() + SEAL_AFTER_MS <= now.getTime())
            void dashboard
              .sealDay(tenantId, day, slots, summary)
              .catch((error: unknown) => getLogger().warn({ err: error, tenantId, day }, "could not seal a day's summary"));
        }
      }),
    ),
  );
  const byHour = new Map<number, HourSlot>();
  for (const [day, slots] of perDay) {
    const dayStart = dayStartOf(day).getTime();
    slots.forEach((slot, hour) => {
      const at = dayStart + hour * HOUR_MS;
      if (at >= start.getTime() && at < end.getTime()) byHour.set(at, slot);
    });
  }
  return byHour;
}
