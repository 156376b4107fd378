/** `20261202` for a date's UTC day. */
export const utcDayKey = (date: Date) => date.toISOString().slice(0, 10).replaceAll("-", "");

// "Today" is the viewer's calendar day in their own time zone (as Stripe and Shopify show it),
// while the read model is bucketed by UTC day: a local day overlaps one or two UTC days.

const DAY_MS = 86_400_000;

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Minutes `tz` is ahead of UTC at `at` (e.g. 60 for Europe/Paris in winter). */
function offsetMinutes(tz: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The local calendar day containing `now` in `tz`, as a UTC instant range [start, end). */
export function localDayRange(tz: string, now: Date): { start: Date; end: Date } {
  const offset = offsetMinutes(tz, now);
  const local = new Date(now.getTime() + offset * 60_000);
  const localMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  // Offsets can differ at the day's two ends (a DST change that day): resolve each end on its own.
  const start = localMidnight - offsetMinutes(tz, new Date(localMidnight - offset * 60_000)) * 60_000;
  const nextMidnight = localMidnight + DAY_MS;
  const end = nextMidnight - offsetMinutes(tz, new Date(nextMidnight - offset * 60_000)) * 60_000;
  return { start: new Date(start), end: new Date(end) };
}

/** The UTC day keys a range [start, end) touches, oldest first. */
export function utcDayKeys(start: Date, end: Date): string[] {
  const keys: string[] = [];
  for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t < end.getTime(); t += DAY_MS)
    keys.push(utcDayKey(new Date(t)));
  return keys;
}
