// The highest position a client has seen in each feed ("t" tenant, "u" own), i.e. what it passes
// as `after` to catch up. Positions are dense per feed, so one number per feed is enough.

export type FeedMark = { t: number; u: number };

export const emptyMark: FeedMark = { t: 0, u: 0 };

/** "t12" / "u3" → the mark raised to include it; anything malformed leaves it as it was. */
export function advanceMark(mark: FeedMark, position: string): FeedMark {
  const match = /^([tu])([1-9][0-9]*)$/.exec(position);
  if (!match) return mark;
  const feed = match[1] as "t" | "u";
  const seq = Number(match[2]);
  return seq > mark[feed] ? { ...mark, [feed]: seq } : mark;
}

/** Whether a position is at or below the mark, i.e. already part of what the mark stands for. */
export function markCovers(mark: FeedMark, position: string): boolean {
  return advanceMark(mark, position) === mark;
}

export const maxMark = (a: FeedMark, b: FeedMark): FeedMark => ({ t: Math.max(a.t, b.t), u: Math.max(a.u, b.u) });

export const markToCursor = (mark: FeedMark) => `t${mark.t}.u${mark.u}`;

/** A "t120.u3" cursor as a mark (a catch-up page's `nextCursor` is exactly the last position it read). */
export function markFromCursor(cursor: string): FeedMark {
  const match = /^t([0-9]+)\.u([0-9]+)$/.exec(cursor);
  return match ? { t: Number(match[1]), u: Number(match[2]) } : emptyMark;
}

/**
 * The mark after reading the newest page (no cursor). A feed with nothing on that page would
 * otherwise stay at 0, and catching up "after u0" would replay its whole history; the page's
 * `nextCursor` names each untouched feed's head + 1, so it tells us where that feed stands.
 */
export function markFromNewestPage(positions: string[], nextCursor: string | null): FeedMark {
  const mark = positions.reduce(advanceMark, emptyMark);
  if (!nextCursor) return mark;
  const bound = markFromCursor(nextCursor);
  return maxMark(mark, { t: Math.max(0, bound.t - 1), u: Math.max(0, bound.u - 1) });
}
