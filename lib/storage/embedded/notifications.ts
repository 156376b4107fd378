import type { Collection, Db, Document } from "mongodb";
import { getLogger } from "@/lib/logger";
import {
  emptyInbox,
  holesIn,
  type NotificationDocument,
  notificationIdAt,
  type ReadStateDocument,
  toNotificationDocument,
  toNotificationRecord,
  toReadState,
} from "@/lib/storage/common/notification-document";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { createSequenceHeads } from "@/lib/storage/common/sequence-heads";
import { derivedId } from "@/lib/storage/embedded/derived-id";
import { createGroupCommit, type GroupCommit } from "@/lib/storage/embedded/group-commit";
import {
  dropTenantWindowsBefore,
  INBOX_WINDOW,
  type InboxEntry,
  type InboxStateDoc,
  inboxCollection,
  openTenantWindow,
  readTenantWindow,
  tenantWindowCollection,
  tenantWindowGeneration,
} from "@/lib/storage/embedded/inbox-windows";
import { insertIsolated } from "@/lib/storage/embedded/insert-isolated";
import type { StoredCauses } from "@/lib/storage/embedded/stored-causes";
import { asUnavailable, isDuplicateKey } from "@/lib/storage/errors";
import type {
  AppendedNotification,
  FeedHeads,
  FeedOf,
  InboxSnapshot,
  NotificationsPort,
} from "@/lib/storage/ports/notifications";

type Pending = {
  inflightKey: string;
  sourceKey: string;
  doc: Omit<NotificationDocument, "_id" | "seq">;
  uniqueCause: boolean;
  /** Looked up in the archive before its turn (AppendOptions.maybeStored); false once done. */
  maybeStored: boolean;
  attempts: number;
  waiters: Array<{ resolve: (result: AppendedNotification) => void; reject: (error: unknown) => void }>;
};
type FeedKey = { tenantId: string } & FeedOf;
type Queue = { key: string; ref: FeedKey; commit: GroupCommit<Pending> };
// What this process knows of each feed besides its head (`heads`): its oldest windowed position, and the causes of
// its newest entries. Read from the window once per feed (and again when another writer took a
// position first), so the hot path is two inserts and no read: on FerretDB v1 every read scans.
type FeedMemory = { oldest: number; recent: Map<string, unknown> };

const MAX_ATTEMPTS = 20;
const feedKeyOf = (ref: FeedKey) => `${ref.tenantId}:${ref.feed}:${ref.userId ?? ""}`;
const RECENT_CAUSES = INBOX_WINDOW * 2;
const stored = Promise.resolve();
/** A failure awaited later by the caller, never an unhandled rejection meanwhile. */
const rejected = (failure: unknown) => {
  const promise = Promise.reject(failure);
  promise.catch(() => undefined);
  return promise;
};
type Stored = { doc: NotificationDocument; durable: Promise<void> };

const feedFilter = (ref: FeedOf) => (ref.feed === "t" ? { feed: "t" } : { feed: "u", userId: ref.userId });

/**
 * The archive (`notifications`, inserts only) plus the bell's bounded windows
 * (lib/storage/embedded/inbox-windows.ts): the tenant feed's in generations, each member's own
 * (with their read state) in one collection. Appends go through the database's single writer in
 * group commits: two insertMany calls (window, archive) for everything queued meanwhile.
 */
export function createEmbeddedNotifications(db: Db, options: { causes?: StoredCauses } = {}): NotificationsPort {
  const { causes } = options;
  const archive = db.collection<NotificationDocument>("notifications");
  const lane = db.databaseName;
  const queues = new Map<string, Queue>();
  // Appends queued or being written, by tenant and cause: the same cause again joins the first.
  const inflight = new Map<string, Pending>();
  const feeds = new Map<string, FeedMemory>();
  const heads = createSequenceHeads();
  // Window entries whose archive copy was refused by an outage (the database went away between the
  // two inserts), by feed and cause. The window's copy is the notification: it was pushed, and
  // maybe answered. Archived again before each turn of its feed; until then its cause is answered
  // from here (a replay must not give it a second position), and its generation is not dropped.
  const unarchived = new Map<string, Map<string, InboxEntry>>();

  const windowAt = (ref: FeedKey, seq: number) =>
    ref.feed === "t"
      ? tenantWindowCollection(db, ref.tenantId, tenantWindowGeneration(seq))
      : inboxCollection(db, ref.tenantId, ref.userId as string);

  const settle = (item: Pending, result: AppendedNotification) => {
    inflight.delete(item.inflightKey);
    for (const waiter of item.waiters) waiter.resolve(result);
  };
  const fail = (item: Pending, error: unknown) => {
    inflight.delete(item.inflightKey);
    for (const waiter of item.waiters) waiter.reject(error);
  };

  function queueOf(ref: FeedKey): Queue {
    const key = feedKeyOf(ref);
    let queue = queues.get(key);
    if (!queue) {
      const created: Queue = {
        key,
        ref,
        commit: createGroupCommit<Pending>({
          lane,
          rank: "notification",
          write: (batch) => appendBatch(created, batch),
          prepare: (commit) => settleStoredCauses(ref, commit),
        }),
      };
      queue = created;
      queues.set(key, queue);
    }
    return queue;
  }

  /**
   * Replayed appends whose cause may be older than the feed's memory: one look-up in the archive
   * (a scan on FerretDB v1, outside the writer's turn) settles those already stored, so a replay
   * never takes a position for a notification that exists (a hole, and generations dropped early).
   */
  async function settleStoredCauses(ref: FeedKey, commit: GroupCommit<Pending>): Promise<void> {
    if (!commit.waiting().some((item) => item.maybeStored)) return;
    // Let the rest of this turn's appends join the look-up.
    await new Promise((resolve) => setImmediate(resolve));
    const known = await storedAmong(ref, commit.waiting());
    const removed = commit.remove((item) => known.has(item));
    for (const item of removed) settleAsStored(item, known.get(item) as Stored);
  }

  /**
   * The items (flagged maybeStored) whose cause is stored, each with its notification and when its
   * archive copy is durable; clears the flag. The archive answers first; a cause it lacks may still
   * be in the feed's window alone (an outage between the two inserts, possibly in an earlier
   * process): that copy is archived now and is the notification.
   */
  async function storedAmong(ref: FeedKey, items: readonly Pending[]): Promise<Map<Pending, Stored>> {
    const unchecked = items.filter((item) => item.maybeStored);
    const known = new Map<Pending, Stored>();
    const tenant = objectIdOf(ref.tenantId);
    if (unchecked.length === 0 || !tenant) return known;
    for (const item of unchecked) item.maybeStored = false;
    const found = await archive
      .find({ tenantId: tenant, sourceKey: { $in: unchecked.map((item) => item.sourceKey) } })
      .toArray()
      .catch(() => [] as NotificationDocument[]);
    const bySource = new Map(found.map((doc) => [doc.sourceKey, doc]));
    const missing: Pending[] = [];
    for (const item of unchecked) {
      const doc = bySource.get(item.sourceKey);
      if (doc) known.set(item, { doc, durable: stored });
      else missing.push(item);
    }
    if (missing.length === 0) return known;
    const copies = await windowCopies(ref, new Set(missing.map((item) => item.sourceKey)));
    if (copies.length === 0) return known;
    const failed = await archiveCopies(feedKeyOf(ref), copies);
    for (const copy of copies) {
      const item = missing.find((candidate) => candidate.sourceKey === copy.sourceKey);
      if (!item) continue;
      const failure = failed.get(copy.sourceKey);
      known.set(item, { doc: copy, durable: failure === undefined ? stored : rejected(failure) });
    }
    return known;
  }

  /** The window entries holding these causes: the ones this process failed to archive, else read from the window. */
  async function windowCopies(ref: FeedKey, causes: Set<string>): Promise<InboxEntry[]> {
    const pending = unarchived.get(feedKeyOf(ref));
    const copies = [...causes].flatMap((cause) => pending?.get(cause) ?? []);
    if (copies.length === causes.size) return copies;
    const window = (await (ref.feed === "t"
      ? readTenantWindow(db, ref.tenantId)
      : inboxCollection(db, ref.tenantId, ref.userId as string)
          .find({ kind: "entry", ...feedFilter(ref) })
          .toArray()
    ).catch(() => [])) as unknown as InboxEntry[];
    const seen = new Set(copies.map((copy) => copy.sourceKey));
    return [...copies, ...window.filter((entry) => causes.has(entry.sourceKey) && !seen.has(entry.sourceKey))];
  }

  /**
   * Writes the archive copies of window entries; the failures by cause. A duplicate counts as
   * archived (the copy is there, or another notification holds the cause). A failed one is kept
   * for the feed's next turn.
   */
  async function archiveCopies(key: string, entries: InboxEntry[]): Promise<Map<string, unknown>> {
    const failures = await insertIsolated(
      archive as unknown as Collection<Document>,
      entries.map(({ kind: _kind, ...doc }) => doc),
    );
    const failed = new Map<string, unknown>();
    entries.forEach((entry, index) => {
      const failure = failures.get(index);
      if (failure !== undefined && !isDuplicateKey(failure)) {
        failed.set(entry.sourceKey, failure);
        keepUnarchived(key, entry);
      } else unarchived.get(key)?.delete(entry.sourceKey);
    });
    if (unarchived.get(key)?.size === 0) unarchived.delete(key);
    return failed;
  }

  function keepUnarchived(key: string, entry: InboxEntry): void {
    const pending = unarchived.get(key) ?? new Map<string, InboxEntry>();
    pending.set(entry.sourceKey, entry);
    unarchived.set(key, pending);
  }

  /** The oldest position of the feed still waiting for its archive copy (nothing before it may be trimmed). */
  function oldestUnarchived(key: string): number {
    return Math.min(...[...(unarchived.get(key)?.values() ?? [])].map((entry) => entry.seq));
  }

  function settleAsStored(item: Pending, { doc, durable }: Stored): void {
    settle(item, { created: false, notification: toNotificationRecord(doc), durable });
  }

  function retry(queue: Queue, items: Pending[]): void {
    for (const item of items) item.attempts += 1;
    const exhausted = items.filter((item) => item.attempts > MAX_ATTEMPTS);
    for (const item of exhausted) fail(item, new Error("could not append the notification: its feed is too contended"));
    queue.commit.retry(items.filter((item) => item.attempts <= MAX_ATTEMPTS));
  }

  async function loadFeed(key: string, ref: FeedKey): Promise<FeedMemory> {
    const projection = { seq: 1, sourceKey: 1 };
    const window = (ref.feed === "t"
      ? await readTenantWindow(db, ref.tenantId, projection)
      : await inboxCollection(db, ref.tenantId, ref.userId as string)
          .find({ kind: "entry", ...feedFilter(ref) }, { projection })
          .toArray()) as unknown as Array<{ _id: unknown; seq: number; sourceKey: string }>;
    window.sort((a, b) => a.seq - b.seq);
    const head = window.at(-1)?.seq ?? 0;
    heads.settle(key, head);
    const memory: FeedMemory = {
      oldest: window[0]?.seq ?? head + 1,
      recent: new Map(window.map((entry) => [entry.sourceKey, entry._id])),
    };
    feeds.set(key, memory);
    return memory;
  }

  function remember(memory: FeedMemory, sourceKey: string, id: unknown): void {
    memory.recent.set(sourceKey, id);
    if (memory.recent.size > RECENT_CAUSES) memory.recent.delete(memory.recent.keys().next().value as string);
  }

  async function appendBatch(queue: Queue, batch: Pending[]): Promise<void> {
    const { ref } = queue;
    let memory: FeedMemory;
    try {
      memory = feeds.get(queue.key) ?? (await loadFeed(queue.key, ref));
    } catch (error) {
      for (const item of batch) fail(item, error);
      return;
    }
    // Copies an outage kept from the archive go first: their causes are answered from the window until then.
    const pending = unarchived.get(queue.key);
    if (pending) await archiveCopies(queue.key, [...pending.values()]);
    const head = heads.known(queue.key) ?? 0;

    const candidates: Pending[] = [];
    for (const item of batch) {
      const existing = memory.recent.get(item.sourceKey);
      if (existing === undefined) candidates.push(item);
      else void settleExisting(item, findById(ref, existing));
    }
    // A replayed cause that joined after the look-up before this turn: looked up here (rare).
    const known = await storedAmong(ref, candidates);
    for (const [item, found] of known) settleAsStored(item, found);
    const fresh = candidates.filter((item) => !known.has(item));
    if (fresh.length === 0) return;

    // The window insert is the sequence arbiter: `_id` is derived from the position, so a position
    // another writer took first fails here; the feed is re-read and those items retried on top of it.
    const docs: InboxEntry[] = fresh.map((item, index) => ({
      ...item.doc,
      _id: notificationIdAt(ref.tenantId, ref, head + 1 + index),
      kind: "entry",
      seq: head + 1 + index,
    }));
    const { appendedCount, windowFailure } = await insertIntoWindow(ref, docs);
    heads.settle(queue.key, head + appendedCount);
    if (windowFailure !== undefined) {
      const rest = fresh.slice(appendedCount);
      if (isDuplicateKey(windowFailure)) {
        feeds.delete(queue.key);
        heads.forget(queue.key);
        retry(queue, rest);
      } else if (asUnavailable(windowFailure) !== windowFailure) for (const item of rest) fail(item, windowFailure);
      else {
        // Refused for what it holds: that notification fails alone, and the ones after it (never
        // written: the window insert is ordered) take the next positions, without counting as contention.
        const [refused, ...after] = rest;
        if (refused) fail(refused, windowFailure);
        queue.commit.retry(after);
      }
    }
    const appended = docs.slice(0, appendedCount);
    if (appended.length === 0) return;

    // A unique cause holds its place now: its caller may push it while the archive copy is written.
    const archived = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
    appended.forEach((doc, index) => {
      const item = fresh[index] as Pending;
      if (!item.uniqueCause) return;
      const durable = new Promise<void>((resolve, reject) => archived.set(index, { resolve, reject }));
      // Awaited by the caller after the push; never an unhandled rejection if it is not.
      durable.catch(() => undefined);
      remember(memory, item.sourceKey, doc._id);
      settle(item, { created: true, notification: toNotificationRecord(doc), durable });
    });
    // Let the callers just settled push before this function spends the tick sending the archive insert.
    if (archived.size > 0) await null;

    // The archive keeps every notification and, by its unique (tenant, cause) index, refuses a
    // cause this process has not seen recently (another writer's, or one older than the window):
    // that entry is withdrawn from the window (a hole the unread count skips) and answered as a duplicate.
    const archiveFailures = await insertIsolated(
      archive as unknown as Collection<Document>,
      appended.map(({ kind: _kind, ...doc }) => doc),
    );
    appended.forEach((doc, index) => {
      const item = fresh[index] as Pending;
      const failure = archiveFailures.get(index);
      const early = archived.get(index);
      if (early) {
        if (failure === undefined) early.resolve();
        else {
          if (!isDuplicateKey(failure)) keepUnarchived(queue.key, doc);
          // Another notification holds the cause (never, if it was unique): the bell keeps that one.
          else
            void windowAt(ref, doc.seq)
              .deleteOne({ _id: doc._id })
              .catch(() => undefined);
          early.reject(failure);
        }
        return;
      }
      if (failure !== undefined && isDuplicateKey(failure)) {
        void windowAt(ref, doc.seq)
          .deleteOne({ _id: doc._id })
          .catch(() => undefined);
        // Off the write path: finding a notification by its cause is a scan of the archive on
        // FerretDB v1, and only a late duplicate of an old delivery ever needs it.
        void settleExisting(item, archive.findOne({ tenantId: doc.tenantId, sourceKey: item.sourceKey }));
        return;
      }
      remember(memory, item.sourceKey, doc._id);
      if (failure !== undefined) {
        // Stored in the window only: pushed as created, but not durable, so its delivery is not
        // answered as stored and its journal entry stays open until a replay archives the copy.
        getLogger().error({ err: failure, id: String(doc._id) }, "notification not archived: kept for its feed's next turn");
        keepUnarchived(queue.key, doc);
      }
      settle(item, {
        created: true,
        notification: toNotificationRecord(doc),
        durable: failure === undefined ? stored : rejected(failure),
      });
    });

    // A member's own window is one collection, trimmed with some slack (occasionally, not per insert).
    const newest = heads.known(queue.key) ?? 0;
    if (ref.feed === "u" && newest - memory.oldest + 1 > INBOX_WINDOW + 25) {
      const keepFrom = Math.min(newest - INBOX_WINDOW + 1, oldestUnarchived(queue.key));
      memory.oldest = keepFrom;
      await inboxCollection(db, ref.tenantId, ref.userId as string)
        .deleteMany({ kind: "entry", ...feedFilter(ref), seq: { $lt: keepFrom } })
        .catch(() => undefined);
    }
  }

  /**
   * The window insert, in position order: the tenant feed's entries go to the generation of their
   * position. Filling a generation opens the next one and drops the ones before the full one, both
   * queued behind this turn: the next notification's insert then finds its collection made (making
   * it on the insert's path cost about 4 ms more, one notification in 50: npm run bench --
   * e2e-latency, p99), and the two newest generations still hold the newest 50 entries or more.
   * Stops at the first refused position (another writer took it first).
   */
  async function insertIntoWindow(ref: FeedKey, docs: InboxEntry[]): Promise<{ appendedCount: number; windowFailure: unknown }> {
    let appendedCount = 0;
    while (appendedCount < docs.length) {
      const first = docs[appendedCount]?.seq as number;
      const generation = ref.feed === "t" ? tenantWindowGeneration(first) : 0;
      const group = docs.slice(appendedCount).filter((doc) => ref.feed !== "t" || tenantWindowGeneration(doc.seq) === generation);
      const failures = await insertIsolated(windowAt(ref, first), group as unknown as Document[], { ordered: true });
      const [failed] = failures;
      if (failed) return { appendedCount: appendedCount + failed[0], windowFailure: failed[1] };
      appendedCount += group.length;
      if (ref.feed === "t" && (group.at(-1)?.seq as number) % INBOX_WINDOW === 0) {
        // Not past a copy still waiting for its archive: a later generation's fill drops it.
        const keep = Math.min(generation, tenantWindowGeneration(oldestUnarchived(feedKeyOf(ref))));
        void openTenantWindow(db, ref.tenantId, generation + 1)
          .then(() => dropTenantWindowsBefore(db, ref.tenantId, keep))
          .catch(() => undefined);
      }
    }
    return { appendedCount, windowFailure: undefined };
  }

  // A recent cause is usually still in the window; if it has been trimmed, the archive has it.
  async function findById(ref: FeedKey, id: unknown): Promise<NotificationDocument | null> {
    const _id = id as NotificationDocument["_id"];
    const found =
      (ref.feed === "u"
        ? ((await inboxCollection(db, ref.tenantId, ref.userId as string).findOne({ _id })) as NotificationDocument | null)
        : null) ?? (await archive.findOne({ _id }));
    if (found || ref.feed === "u") return found;
    // In the tenant's window but not archived: the process died between the two inserts. The
    // window's copy is the notification; archived now, so the cause stays answered once.
    const entry = (await readTenantWindow(db, ref.tenantId)).find((doc) => String(doc._id) === String(_id)) as
      | InboxEntry
      | undefined;
    if (!entry) return null;
    const failure = (await archiveCopies(feedKeyOf(ref), [entry])).get(entry.sourceKey);
    if (failure !== undefined) throw failure;
    const { kind: _kind, ...doc } = entry;
    return doc as NotificationDocument;
  }

  async function settleExisting(item: Pending, lookup: Promise<NotificationDocument | null>): Promise<void> {
    try {
      const existing = await lookup;
      if (existing) settle(item, { created: false, notification: toNotificationRecord(existing), durable: stored });
      else fail(item, new Error("notification vanished while resolving a duplicate"));
    } catch (error) {
      fail(item, error);
    }
  }

  async function readInbox(tenantId: string, viewer: string | null): Promise<InboxSnapshot> {
    const [shared, own] = await Promise.all([
      readTenantWindow(db, tenantId),
      viewer ? inboxCollection(db, tenantId, viewer).find({}).toArray() : [],
    ]);
    const docs = [...shared, ...own] as unknown as Array<InboxEntry | InboxStateDoc>;
    const entries: { t: InboxEntry[]; u: InboxEntry[] } = { t: [], u: [] };
    let state: InboxStateDoc | undefined;
    for (const doc of docs) {
      if (doc.kind === "entry") entries[doc.feed].push(doc);
      else if (!state || doc.version > state.version) state = doc;
    }
    const heads: FeedHeads = { t: 0, u: 0 };
    const oldest: FeedHeads = { t: 1, u: 1 };
    const holes: string[] = [];
    for (const feed of ["t", "u"] as const) {
      const list = entries[feed].sort((a, b) => b.seq - a.seq);
      heads[feed] = list[0]?.seq ?? 0;
      oldest[feed] = list.at(-1)?.seq ?? 1;
      holes.push(
        ...holesIn(
          feed,
          list.map((entry) => entry.seq),
        ),
      );
    }
    return {
      heads,
      oldest,
      entries: { t: entries.t.map(toNotificationRecord), u: entries.u.map(toNotificationRecord) },
      holes,
      state: toReadState(state),
    };
  }

  return {
    append(tenantId, sourceKey, entry, options = {}) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return Promise.reject(new Error("malformed tenant id"));
      const ref: FeedKey = { tenantId, feed: entry.feed, userId: entry.feed === "u" ? entry.userId : null };
      const { _id: _unused, seq: _seq, ...doc } = toNotificationDocument(tenant, sourceKey, entry, 0, new Date());
      const queue = queueOf(ref);
      return new Promise<AppendedNotification>((resolve, reject) => {
        // The same cause while the first is still being written: one insert, both callers get its outcome.
        const inflightKey = `${tenantId}|${sourceKey}`;
        const twin = inflight.get(inflightKey);
        if (twin) {
          twin.waiters.push({ resolve: (result) => resolve({ ...result, created: false }), reject });
          return;
        }
        // A repeatable cause the archive certainly lacks goes as one made up for its delivery (stored-causes.ts).
        const unseen = causes?.add(tenant.toHexString(), sourceKey) === true;
        const uniqueCause = options.uniqueCause === true || (options.maybeStored !== true && unseen);
        const item: Pending = {
          inflightKey,
          sourceKey,
          doc,
          uniqueCause,
          maybeStored: options.maybeStored === true,
          attempts: 0,
          waiters: [{ resolve, reject }],
        };
        inflight.set(inflightKey, item);
        queue.commit.add(item);
      });
    },

    async readInbox(tenantId, viewer) {
      return objectIdOf(tenantId) ? readInbox(tenantId, viewer) : emptyInbox();
    },

    async readPositions(tenantId, feed, seqs) {
      if (!objectIdOf(tenantId)) return [];
      // One look-up per position by its derived `_id`: the embedded database indexes `_id` alone
      // (a range query over the archive would read all of it).
      const docs = await Promise.all(seqs.map((seq) => archive.findOne({ _id: notificationIdAt(tenantId, feed, seq) })));
      return docs.filter((doc): doc is NotificationDocument => doc !== null).map(toNotificationRecord);
    },

    async find(tenantId, id) {
      const _id = objectIdOf(id);
      if (!_id || !objectIdOf(tenantId)) return null;
      // `{_id}` alone is what FerretDB answers without a scan; the tenant is compared here.
      const doc = await archive.findOne({ _id });
      return doc && String(doc.tenantId) === tenantId ? toNotificationRecord(doc) : null;
    },

    async saveReadState(tenantId, userId, state) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return false;
      const collection = inboxCollection(db, tenantId, userId);
      const doc: InboxStateDoc & ReadStateDocument & { tenantId: unknown } = {
        // The next version's `_id` is derived from its number: of two changes made at once, one insert wins.
        _id: derivedId("inbox-state", userId, String(state.version)),
        kind: "state",
        tenantId: tenant,
        userId,
        version: state.version,
        readUpTo: state.readUpTo,
        read: state.read,
        unread: state.unread,
        dismissed: state.dismissed,
        snoozed: state.snoozed,
        createdAt: new Date(),
      };
      try {
        await collection.insertOne(doc as unknown as Document);
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
      // Keep the previous version too: a reader that started before this write may still look for it.
      await collection.deleteMany({ kind: "state", userId, version: { $lt: state.version - 1 } });
      return true;
    },
  };
}
