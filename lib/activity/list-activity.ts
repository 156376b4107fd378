import { findStreamHead } from "@/lib/activity/find-stream-head";
import { encodeActivityCursor, type ListActivityQuery } from "@/lib/activity/schemas";
import { readActivityAt, type StoredActivity, streamFor } from "@/lib/activity/streams";
import { type ActivityView, toActivityView } from "@/lib/activity/to-activity-view";
import { AppError } from "@/lib/errors";
import type { ActivityStream } from "@/models/activity-log";

// A filtered page may have to skip many entries; past this many positions the page is returned
// short with a cursor to continue, so no request walks a whole history.
const SCAN_BUDGET = 1000;
const BATCH = 100;
// Positions follow insertion order; clocks of different server processes may disagree by this much,
// so date bounds are searched and walked with this slack and then applied exactly.
const CLOCK_SLACK_MS = 5_000;

export type ActivityPage = {
  entries: ActivityView[];
  /** Continue below the last entry returned (or the last position examined); null at the end. */
  nextCursor: string | null;
};

type Filter = Pick<ListActivityQuery, "kind" | "actor" | "from" | "to">;

function matches(doc: StoredActivity, tenantId: string, filter: Filter): boolean {
  if (String(doc.tenantId) !== tenantId) return false;
  if (filter.kind && !filter.kind.some((prefix) => doc.kind === prefix || doc.kind.startsWith(`${prefix}.`))) return false;
  if (filter.actor && (doc.actor.type !== filter.actor.type || (filter.actor.id && doc.actor.id !== filter.actor.id)))
    return false;
  const at = new Date(doc.createdAt).getTime();
  if (filter.from && at < filter.from.getTime()) return false;
  if (filter.to && at > filter.to.getTime()) return false;
  return true;
}

/**
 * The tenant's activity, newest first, walking its stream down by position: each page is a handful
 * of parallel look-ups by `_id`, whatever the size of the history or of other tenants' logs. Entries
 * written after the first page sit above it, so following `nextCursor` returns each entry once.
 */
export async function listActivity(
  tenantId: string,
  query: Pick<ListActivityQuery, "limit" | "kind" | "actor" | "from" | "to" | "cursor">,
): Promise<ActivityPage> {
  const stream = streamFor(query);
  if (query.cursor && query.cursor.stream !== stream) {
    throw new AppError("validation_failed", "Invalid input", [
      { path: "cursor", message: "belongs to other filters; start again without a cursor" },
    ]);
  }
  let top = query.cursor ? query.cursor.seq - 1 : await findStreamHead(tenantId, stream);
  if (query.to && top > 0) top = await lastAtOrBefore(tenantId, stream, top, query.to.getTime() + CLOCK_SLACK_MS);
  const stopBelow = query.from ? query.from.getTime() - CLOCK_SLACK_MS : null;

  const found: Array<{ seq: number; doc: StoredActivity }> = [];
  const at = (doc: StoredActivity) => new Date(doc.createdAt).getTime();
  let next = top; // the highest position not read yet
  let examined = 0;
  let stopped = false; // passed below `from`: nothing older can match
  let more = false; // a match beyond the page was read already
  // Unfiltered, limit + 1 positions answer the page and whether there is a next one in one round.
  const batchSize = query.kind || query.actor ? BATCH : Math.min(query.limit + 1, BATCH);
  scan: while (next >= 1 && examined < SCAN_BUDGET) {
    const seqs: number[] = [];
    for (let seq = next; seq >= 1 && seqs.length < batchSize; seq -= 1) seqs.push(seq);
    next -= seqs.length;
    examined += seqs.length;
    const docs = await Promise.all(seqs.map((seq) => readActivityAt(tenantId, stream, seq)));
    for (const [index, seq] of seqs.entries()) {
      const doc = docs[index];
      if (!doc) continue; // a hole left by a failed write
      if (stopBelow !== null && at(doc) < stopBelow) {
        stopped = true;
        break scan;
      }
      if (!matches(doc, tenantId, query)) continue;
      if (found.length === query.limit) {
        more = true;
        break scan;
      }
      found.push({ seq, doc });
    }
    if (found.length === query.limit) break;
  }

  const last = found.at(-1);
  const unread = !stopped && next >= 1;
  let nextCursor: string | null = null;
  if (last && found.length === query.limit) {
    if (more || unread) nextCursor = encodeActivityCursor({ stream, seq: last.seq });
  } else if (unread) {
    // The scan budget ran out before the page filled: continue from the next unread position.
    nextCursor = encodeActivityCursor({ stream, seq: next + 1 });
  }
  return { entries: found.map(({ doc }) => toActivityView(doc)), nextCursor };
}

/**
 * The highest position at or below `top` written at or before `bound` (0 if none), by bisection on
 * positions: O(log n) look-ups. A missing position counts as "at or before", which can only make
 * the walk start higher (the walk applies the bound exactly), never skip an entry.
 */
async function lastAtOrBefore(tenantId: string, stream: ActivityStream, top: number, bound: number): Promise<number> {
  const written = async (seq: number) => {
    const doc = await readActivityAt(tenantId, stream, seq);
    return doc ? new Date(doc.createdAt).getTime() : null;
  };
  const topAt = await written(top);
  if (topAt === null || topAt <= bound) return top;
  let low = 0; // at or before the bound (0: nothing is)
  let high = top; // after the bound
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const midAt = await written(mid);
    if (midAt === null || midAt <= bound) low = mid;
    else high = mid;
  }
  return low;
}
