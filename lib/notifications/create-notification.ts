import type { Collection, Document } from "mongodb";
import { Types } from "mongoose";
import { serialWrite } from "@/lib/db/insert-batched";
import { insertIsolated } from "@/lib/db/insert-isolated";
import { asUnavailable, isDuplicateKey } from "@/lib/errors-db";
import { getLogger } from "@/lib/logger";
import { type FeedRef, feedFilter, notificationIdAt } from "@/lib/notifications/feed";
import type { NotificationPriority, NotificationType } from "@/lib/notifications/schemas";
import { type NotificationView, type StoredNotification, toNotificationView } from "@/lib/notifications/to-notification-view";
import {
  dropTenantWindowsBefore,
  INBOX_WINDOW,
  inboxCollection,
  readTenantWindow,
  tenantWindowCollection,
  tenantWindowGeneration,
} from "@/models/inbox";
import { Notification } from "@/models/notification";

export type NewNotification = {
  title: string;
  message: string;
  type?: NotificationType;
  priority?: NotificationPriority;
  actionUrl?: string | null;
  actionText?: string | null;
  /** Only this member sees it (their own feed); otherwise everyone in the tenant. */
  userId?: string | null;
  metadata?: Record<string, unknown>;
};

export type CreatedNotification = {
  created: boolean;
  notification: NotificationView;
  /**
   * Settles once the notification is fully stored (its archive copy too). With `uniqueCause`, the
   * result arrives as soon as it holds its place in the inbox, before this: push it, then await it.
   */
  durable: Promise<void>;
};

export type CreateOptions = {
  /**
   * The caller guarantees that nothing else ever appends this cause: a random key, or one whose
   * uniqueness a write before this one already decided (a new order's insert, a status change's
   * compare-and-set, a payment's insert). The archive then has no duplicate to refuse, so the
   * notification can be pushed without waiting for its second insert.
   */
  uniqueCause?: boolean;
};

type Pending = {
  inflightKey: string;
  sourceKey: string;
  fields: Record<string, unknown>;
  uniqueCause: boolean;
  attempts: number;
  waiters: Array<{ resolve: (result: CreatedNotification) => void; reject: (error: unknown) => void }>;
};
type Queue = { key: string; ref: FeedRef; items: Pending[]; scheduled: boolean };

const MAX_BATCH = 200;
const MAX_ATTEMPTS = 20;
const queues = new Map<string, Queue>();
// Appends queued or being written, by tenant and cause: the same cause again joins the first.
const inflight = new Map<string, Pending>();

/**
 * Appends the notification for `sourceKey` to its feed once: a second call with the same key (a
 * retried or concurrent delivery) returns `created: false` and the original. Appends queued while
 * the writer is busy share two insertMany calls (window, archive);
 * each gets the next free position of its feed, and a position another server process took
 * first is simply retried on top of the new head.
 */
export async function createNotification(
  tenantId: string,
  sourceKey: string,
  input: NewNotification,
  options: CreateOptions = {},
): Promise<CreatedNotification> {
  const userId = input.userId ?? null;
  const ref: FeedRef = { tenantId, feed: userId ? "u" : "t", userId };
  // The document models/notification.ts describes, built directly: every caller's input was
  // validated by its own zod schema (webhook, API) or built by our code, and mongoose's validate()
  // would add about 1 ms before the push.
  const fields: Record<string, unknown> = {
    tenantId: new Types.ObjectId(tenantId),
    feed: ref.feed,
    userId,
    title: input.title,
    message: input.message,
    type: input.type ?? "info",
    priority: input.priority ?? "medium",
    actionUrl: input.actionUrl ?? null,
    actionText: input.actionText ?? null,
    metadata: input.metadata ?? {},
    sourceKey,
    createdAt: new Date(),
  };

  const key = `${tenantId}:${ref.feed}:${userId ?? ""}`;
  let queue = queues.get(key);
  if (!queue) {
    queue = { key, ref, items: [], scheduled: false };
    queues.set(key, queue);
  }
  const current = queue;
  return new Promise<CreatedNotification>((resolve, reject) => {
    // The same cause while the first is still being written: one insert, both callers get its outcome.
    const inflightKey = `${tenantId}|${sourceKey}`;
    const twin = inflight.get(inflightKey);
    if (twin) {
      twin.waiters.push({
        resolve: (result) => resolve({ created: false, notification: result.notification, durable: result.durable }),
        reject,
      });
      return;
    }
    const item: Pending = {
      inflightKey,
      sourceKey,
      fields,
      uniqueCause: options.uniqueCause === true,
      attempts: 0,
      waiters: [{ resolve, reject }],
    };
    inflight.set(inflightKey, item);
    current.items.push(item);
    schedule(current);
  });
}

function schedule(queue: Queue): void {
  if (queue.scheduled) return;
  queue.scheduled = true;
  // Group commit: the batch is taken when the single writer gets to it, so an idle writer starts
  // at once and a busy one finds everything queued meanwhile in one batch.
  void serialWrite(async () => {
    queue.scheduled = false;
    const batch = queue.items.splice(0, MAX_BATCH);
    if (queue.items.length > 0) schedule(queue);
    if (batch.length > 0) await appendBatch(queue, batch);
  }, "notification");
}

const stored = Promise.resolve();

const settle = (item: Pending, result: CreatedNotification) => {
  inflight.delete(item.inflightKey);
  for (const waiter of item.waiters) waiter.resolve(result);
};
const fail = (item: Pending, error: unknown) => {
  inflight.delete(item.inflightKey);
  for (const waiter of item.waiters) waiter.reject(error);
};

function retry(queue: Queue, items: Pending[]): void {
  for (const item of items) item.attempts += 1;
  const exhausted = items.filter((item) => item.attempts > MAX_ATTEMPTS);
  for (const item of exhausted) fail(item, new Error("could not append the notification: its feed is too contended"));
  queue.items.unshift(...items.filter((item) => item.attempts <= MAX_ATTEMPTS));
  if (queue.items.length > 0) schedule(queue);
}

// What this process knows of each feed: its head, its oldest windowed position, and the causes of
// its newest entries. Read from the window once per feed (and again when another process took a
// position first), so the hot path is two inserts and no read: on FerretDB v1 every read scans.
type FeedMemory = { head: number; oldest: number; recent: Map<string, unknown> };
const feeds = new Map<string, FeedMemory>();
const RECENT_CAUSES = INBOX_WINDOW * 2;

// The collection that holds (or will hold) position `seq` of the feed's window.
function windowAt(ref: FeedRef, seq: number) {
  return ref.feed === "t"
    ? tenantWindowCollection(ref.tenantId, tenantWindowGeneration(seq))
    : inboxCollection(ref.tenantId, ref.userId as string);
}

async function loadFeed(key: string, ref: FeedRef): Promise<FeedMemory> {
  const projection = { seq: 1, sourceKey: 1 };
  const window = (ref.feed === "t"
    ? await readTenantWindow(ref.tenantId, projection)
    : await inboxCollection(ref.tenantId, ref.userId as string)
        .find({ kind: "entry", ...feedFilter(ref) }, { projection })
        .toArray()) as unknown as Array<{ _id: unknown; seq: number; sourceKey: string }>;
  window.sort((a, b) => a.seq - b.seq);
  const head = window.at(-1)?.seq ?? 0;
  const memory: FeedMemory = {
    head,
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
  const head = memory.head;

  const fresh: Pending[] = [];
  for (const item of batch) {
    const existing = memory.recent.get(item.sourceKey);
    if (existing === undefined) fresh.push(item);
    else void settleExisting(item, findById(ref, existing as Types.ObjectId));
  }
  if (fresh.length === 0) return;

  // The window insert is the sequence arbiter: `_id` is derived from the position, so a position
  // another process took first fails here; the feed is re-read and those items retried on top of it.
  const docs = fresh.map((item, index) => ({
    ...item.fields,
    _id: notificationIdAt(ref, head + 1 + index),
    kind: "entry",
    seq: head + 1 + index,
  })) as unknown as Array<StoredNotification & Document & { kind?: string }>;
  const { appendedCount, windowFailure } = await insertIntoWindow(ref, docs);
  memory.head = head + appendedCount;
  if (windowFailure !== undefined) {
    const rest = fresh.slice(appendedCount);
    if (isDuplicateKey(windowFailure)) {
      feeds.delete(queue.key);
      retry(queue, rest);
    } else if (asUnavailable(windowFailure) !== windowFailure) for (const item of rest) fail(item, windowFailure);
    else {
      // Refused for what it holds: that notification fails alone, and the ones after it (never
      // written: the window insert is ordered) take the next positions, without counting as contention.
      const [refused, ...after] = rest;
      if (refused) fail(refused, windowFailure);
      queue.items.unshift(...after);
      if (queue.items.length > 0) schedule(queue);
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
    settle(item, { created: true, notification: toNotificationView(doc), durable });
  });
  // Let the callers just settled push before this function spends the tick sending the archive insert.
  if (archived.size > 0) await null;

  // The archive keeps every notification and, by its unique (tenant, cause) index, refuses a
  // cause this process has not seen recently (another process's, or one older than the window):
  // that entry is withdrawn from the window (a hole the unread count skips) and answered as a duplicate.
  const archiveFailures = await insertIsolated(
    Notification.collection as unknown as Collection<Document>,
    appended.map(({ kind: _kind, ...doc }) => doc),
  );
  appended.forEach((doc, index) => {
    const item = fresh[index] as Pending;
    const failure = archiveFailures.get(index);
    const early = archived.get(index);
    if (early) {
      if (failure === undefined) early.resolve();
      else early.reject(failure);
      return;
    }
    if (failure !== undefined && isDuplicateKey(failure)) {
      void windowAt(ref, doc.seq as number)
        .deleteOne({ _id: doc._id as Types.ObjectId })
        .catch(() => undefined);
      // Off the write path: finding a notification by its cause is a scan of the archive on
      // FerretDB v1, and only a late duplicate of an old delivery ever needs it.
      void settleExisting(
        item,
        Notification.collection.findOne({ tenantId: new Types.ObjectId(ref.tenantId), sourceKey: item.sourceKey }),
      );
      return;
    }
    if (failure !== undefined) getLogger().error({ err: failure, id: String(doc._id) }, "notification not archived");
    remember(memory, item.sourceKey, doc._id);
    settle(item, { created: true, notification: toNotificationView(doc), durable: stored });
  });

  // A member's own window is one collection, trimmed with some slack (occasionally, not per insert).
  if (ref.feed === "u" && memory.head - memory.oldest + 1 > INBOX_WINDOW + 25) {
    const keepFrom = memory.head - INBOX_WINDOW + 1;
    memory.oldest = keepFrom;
    await inboxCollection(ref.tenantId, ref.userId as string)
      .deleteMany({ kind: "entry", ...feedFilter(ref), seq: { $lt: keepFrom } })
      .catch(() => undefined);
  }
}

/**
 * The window insert, in position order: the tenant feed's entries go to the generation of their
 * position, and starting a generation drops the ones before the previous (queued behind this turn).
 * Stops at the first refused position (another process took it first).
 */
async function insertIntoWindow(
  ref: FeedRef,
  docs: Array<Document & { seq?: number }>,
): Promise<{ appendedCount: number; windowFailure: unknown }> {
  let appendedCount = 0;
  while (appendedCount < docs.length) {
    const first = docs[appendedCount]?.seq as number;
    const generation = ref.feed === "t" ? tenantWindowGeneration(first) : 0;
    const group = docs
      .slice(appendedCount)
      .filter((doc) => ref.feed !== "t" || tenantWindowGeneration(doc.seq as number) === generation);
    if (ref.feed === "t" && generation > 0 && (first - 1) % INBOX_WINDOW === 0)
      void dropTenantWindowsBefore(ref.tenantId, generation - 1).catch(() => undefined);
    const failures = await insertIsolated(windowAt(ref, first) as unknown as Collection<Document>, group, { ordered: true });
    const [failed] = failures;
    if (failed) return { appendedCount: appendedCount + failed[0], windowFailure: failed[1] };
    appendedCount += group.length;
  }
  return { appendedCount, windowFailure: undefined };
}

// A recent cause is usually still in the window; if it has been trimmed, the archive has it.
async function findById(ref: FeedRef, id: Types.ObjectId): Promise<Document | null> {
  return (
    (ref.feed === "u" ? await inboxCollection(ref.tenantId, ref.userId as string).findOne({ _id: id }) : null) ??
    (await Notification.collection.findOne({ _id: id }))
  );
}

async function settleExisting(item: Pending, lookup: Promise<Document | null>): Promise<void> {
  try {
    const existing = await lookup;
    if (existing)
      settle(item, {
        created: false,
        notification: toNotificationView(existing as unknown as StoredNotification),
        durable: stored,
      });
    else fail(item, new Error("notification vanished while resolving a duplicate"));
  } catch (error) {
    fail(item, error);
  }
}
