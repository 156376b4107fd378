import { type Collection, type Db, type Document, ObjectId } from "mongodb";
import { toActivityRecord } from "@/lib/storage/common/activity-document";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { createSequenceHeads } from "@/lib/storage/common/sequence-heads";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import {
  type ActivityStream,
  activityIdAt,
  belongsToChanges,
  decodeActivityCursor,
  encodeActivityCursor,
  type StoredActivity,
  streamFor,
} from "@/lib/storage/embedded/activity-streams";
import { createGroupCommit, type GroupCommit } from "@/lib/storage/embedded/group-commit";
import { insertIsolated } from "@/lib/storage/embedded/insert-isolated";
import { isDuplicateKey } from "@/lib/storage/errors";
import type { ActivityFilter, ActivityLogPort, ActivityRecord } from "@/lib/storage/ports/activity-log";

// FerretDB v1 (SQLite) answers only `{_id: value}` without reading the whole collection, so the log
// is kept as dense per-tenant streams of positions addressed by derived `_id`s (activity-streams.ts)
// and every read is a look-up by `_id`: a page costs the same at 10k or 10M entries and whatever
// other tenants store. docs/activity.md has the design. Nothing is deleted.

const MAX_ATTEMPTS = 20;
// A filtered page may have to skip many entries; past this many positions the page is returned
// short with a cursor to continue, so no request walks a whole history.
const SCAN_BUDGET = 1000;
const BATCH = 100;
// Positions follow insertion order; clocks of different server processes may disagree by this much,
// so date bounds are searched and walked with this slack and then applied exactly.
const CLOCK_SLACK_MS = 5_000;

type Fields = Omit<StoredActivity, "_id" | "seq">;
type Pending = {
  tenantId: string;
  fields: Fields;
  attempts: number;
  resolve: (createdAt: Date) => void;
  reject: (error: unknown) => void;
};
type Queue = { stream: ActivityStream; commit: GroupCommit<Pending> };

const toRecord = (doc: Fields): ActivityRecord => toActivityRecord(doc.entryId, doc);

function matches(doc: StoredActivity, tenantId: string, filter: ActivityFilter): boolean {
  if (String(doc.tenantId) !== tenantId) return false;
  if (filter.kinds && !filter.kinds.some((prefix) => doc.kind === prefix || doc.kind.startsWith(`${prefix}.`))) return false;
  if (filter.actor && (doc.actor.type !== filter.actor.type || (filter.actor.id && doc.actor.id !== filter.actor.id)))
    return false;
  const at = new Date(doc.createdAt).getTime();
  if (filter.from && at < filter.from.getTime()) return false;
  if (filter.to && at > filter.to.getTime()) return false;
  return true;
}

/**
 * The embedded adapter's activity log, in the log database (lib/storage/database/log-database.ts): stream "a"
 * in `activity_logs`, stream "c" in `activity_changes`. Positions and heads are kept in this
 * object's memory — one per process, shared by server.ts and Next's bundle through the registry —
 * and a position another server process took first fails as a duplicate key and is retried.
 */
export function createEmbeddedActivityLog(db: Db): ActivityLogPort {
  const logDb = db.client.db(logDatabaseName(db.databaseName));
  const collections: Record<ActivityStream, Collection<Document>> = {
    a: logDb.collection("activity_logs"),
    c: logDb.collection("activity_changes"),
  };
  const queueFor = (stream: ActivityStream): Queue => {
    const queue: Queue = {
      stream,
      commit: createGroupCommit<Pending>({
        lane: logDb.databaseName,
        rank: "activity",
        prepare: (commit) => lookUpHeads(stream, commit),
        write: (batch) => writeBatch(queue, batch),
      }),
    };
    return queue;
  };
  const queues: Record<ActivityStream, Queue> = { a: queueFor("a"), c: queueFor("c") };
  // The last position the writer handed out per tenant and stream.
  const assigned = createSequenceHeads();
  // The highest position each stream is known to have reached, shared by the writer and the readers.
  const knownHeads = new Map<string, number>();
  const headKey = (tenantId: string, stream: ActivityStream) => `${tenantId}:${stream}`;
  const raiseKnownHead = (tenantId: string, stream: ActivityStream, head: number) => {
    const key = headKey(tenantId, stream);
    if (head > (knownHeads.get(key) ?? 0)) knownHeads.set(key, head);
  };

  /** One entry by its position, or null (not written yet, or a hole left by a failed write). */
  async function readAt(tenantId: string, stream: ActivityStream, seq: number): Promise<StoredActivity | null> {
    if (seq < 1) return null;
    return (await collections[stream].findOne({ _id: activityIdAt(tenantId, stream, seq) })) as StoredActivity | null;
  }

  /**
   * The stream's newest position: from what this process last knew, one look-up when nothing new
   * was written elsewhere; otherwise galloping up and bisecting, O(log n) look-ups. Streams are
   * dense, so "position p exists" is true exactly up to the head.
   */
  async function findStreamHead(tenantId: string, stream: ActivityStream): Promise<number> {
    const exists = async (seq: number) => (await readAt(tenantId, stream, seq)) !== null;
    let low = knownHeads.get(headKey(tenantId, stream)) ?? 0; // known to exist (or 0)
    let step = 1;
    let high = low + step;
    while (await exists(high)) {
      low = high;
      step *= 2;
      high = low + step;
    }
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await exists(mid)) low = mid;
      else high = mid;
    }
    raiseKnownHead(tenantId, stream, low);
    return low;
  }

  function enqueue(stream: ActivityStream, tenantId: string, fields: Fields): Promise<Date> {
    return new Promise<Date>((resolve, reject) => queues[stream].commit.add({ tenantId, fields, attempts: 0, resolve, reject }));
  }

  // Heads this process does not know yet are looked up before taking the single writer: they are reads.
  async function lookUpHeads(stream: ActivityStream, commit: GroupCommit<Pending>): Promise<void> {
    const unknown = new Set(
      commit
        .waiting()
        .map((item) => item.tenantId)
        .filter((t) => assigned.known(headKey(t, stream)) === undefined),
    );
    await Promise.all(
      [...unknown].map(async (tenantId) => {
        try {
          const head = await findStreamHead(tenantId, stream);
          const key = headKey(tenantId, stream);
          assigned.learn(key, head);
        } catch (error) {
          for (const item of commit.remove((item) => item.tenantId === tenantId)) item.reject(error);
        }
      }),
    );
  }

  async function writeBatch(queue: Queue, batch: Pending[]): Promise<void> {
    const { stream } = queue;
    const placed: Array<{ item: Pending; seq: number }> = [];
    const later: Pending[] = [];
    for (const item of batch) {
      const key = headKey(item.tenantId, stream);
      const head = assigned.known(key);
      // Queued after its head was looked up for this round (or forgotten after a failure): next round.
      if (head === undefined) later.push(item);
      else {
        placed.push({ item, seq: assigned.take(key) });
      }
    }
    const retried: Pending[] = [...later];
    if (placed.length === 0) {
      queue.commit.retry(retried);
      return;
    }

    // Stamped when placed: a webhook's entry is written just after its answer (handle-event.ts),
    // so a position taken meanwhile by another entry keeps the log in time order.
    const at = new Date();
    const docs = placed.map(({ item, seq }) => ({
      ...item.fields,
      _id: activityIdAt(item.tenantId, stream, seq),
      seq,
      createdAt: at,
    }));
    const failures = await insertIsolated(collections[stream], docs);
    placed.forEach(({ item, seq }, index) => {
      const failure = failures.get(index);
      if (failure === undefined) {
        raiseKnownHead(item.tenantId, stream, seq);
        item.resolve(at);
        return;
      }
      // Whatever happened, this process's idea of the head is no longer trusted: look it up again.
      assigned.forget(headKey(item.tenantId, stream));
      item.attempts += 1;
      if (isDuplicateKey(failure) && item.attempts <= MAX_ATTEMPTS) retried.push(item);
      else item.reject(isDuplicateKey(failure) ? new Error("could not append to the activity log: too contended") : failure);
    });
    queue.commit.retry(retried);
  }

  /**
   * The highest position at or below `top` written at or before `bound` (0 if none), by bisection on
   * positions: O(log n) look-ups. A missing position counts as "at or before", which can only make
   * the walk start higher (the walk applies the bound exactly), never skip an entry.
   */
  async function lastAtOrBefore(tenantId: string, stream: ActivityStream, top: number, bound: number): Promise<number> {
    const written = async (seq: number) => {
      const doc = await readAt(tenantId, stream, seq);
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

  return {
    async append(tenantId, entry) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) throw new Error("activity log: malformed tenant id");
      const key = tenant.toHexString();
      const fields: Fields = { tenantId: tenant, entryId: new ObjectId(), ...entry, createdAt: new Date() };
      const streams: ActivityStream[] = belongsToChanges(entry.kind, entry.actor.type) ? ["a", "c"] : ["a"];
      const [stamped] = await Promise.all(streams.map((stream) => enqueue(stream, key, fields)));
      return toRecord({ ...fields, createdAt: stamped ?? fields.createdAt });
    },

    // Walks the stream down by position from the head (or the cursor): each page is a handful of
    // parallel look-ups by `_id`. Entries written after the first page sit above it.
    async list(tenantId, query) {
      const tenant = objectIdOf(tenantId);
      const stream = streamFor(query);
      const cursor = query.cursor === undefined ? null : decodeActivityCursor(query.cursor);
      if (query.cursor !== undefined && !cursor) return { invalidCursor: "is not a cursor this API returned" };
      if (cursor && cursor.stream !== stream) return { invalidCursor: "belongs to other filters; start again without a cursor" };
      if (!tenant) return { entries: [], nextCursor: null };
      const key = tenant.toHexString();

      let top = cursor ? cursor.seq - 1 : await findStreamHead(key, stream);
      if (query.to && top > 0) top = await lastAtOrBefore(key, stream, top, query.to.getTime() + CLOCK_SLACK_MS);
      const stopBelow = query.from ? query.from.getTime() - CLOCK_SLACK_MS : null;

      const found: Array<{ seq: number; doc: StoredActivity }> = [];
      const at = (doc: StoredActivity) => new Date(doc.createdAt).getTime();
      let next = top; // the highest position not read yet
      let examined = 0;
      let stopped = false; // passed below `from`: nothing older can match
      let more = false; // a match beyond the page was read already
      // Unfiltered, limit + 1 positions answer the page and whether there is a next one in one round.
      const batchSize = query.kinds || query.actor ? BATCH : Math.min(query.limit + 1, BATCH);
      scan: while (next >= 1 && examined < SCAN_BUDGET) {
        const seqs: number[] = [];
        for (let seq = next; seq >= 1 && seqs.length < batchSize; seq -= 1) seqs.push(seq);
        next -= seqs.length;
        examined += seqs.length;
        const docs = await Promise.all(seqs.map((seq) => readAt(key, stream, seq)));
        for (const [index, seq] of seqs.entries()) {
          const doc = docs[index];
          if (!doc) continue; // a hole left by a failed write
          if (stopBelow !== null && at(doc) < stopBelow) {
            stopped = true;
            break scan;
          }
          if (!matches(doc, key, query)) continue;
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
      return { entries: found.map(({ doc }) => toRecord(doc)), nextCursor };
    },

    async findHead(tenantId) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return null;
      const key = tenant.toHexString();
      const head = await findStreamHead(key, "a");
      const doc = await readAt(key, "a", head);
      return doc ? toRecord(doc) : null;
    },
  };
}
