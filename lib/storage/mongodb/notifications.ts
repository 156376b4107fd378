import type { Db } from "mongodb";
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
import { withDocumentLock } from "@/lib/storage/common/with-document-lock";
import { isDuplicateKey } from "@/lib/storage/errors";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import type { FeedOf, NotificationRecord, NotificationsPort } from "@/lib/storage/ports/notifications";

// The bell's page is the newest entries of each feed; deeper pages and catch-up read by position.
const WINDOW = 50;
// Positions taken by other server processes between this one's look at the head and its insert.
const MAX_ATTEMPTS = 20;

type ReadStateDoc = ReadStateDocument & { _id: string; tenantId: NotificationDocument["tenantId"] };

const feedOf = (entry: FeedOf): FeedOf => ({ feed: entry.feed, userId: entry.feed === "u" ? entry.userId : null });

/**
 * Two collections for every tenant and member: the archive `notifications`, where each feed is a
 * dense run of positions through the (tenant, feed, user, seq) index, and `notification_read_states`,
 * one document per member and tenant. A position is taken by inserting under an `_id` derived from
 * it, and a cause by the unique (tenant, cause) index: whichever server process inserts first wins
 * either, so appends are correct across processes with no lock; a read state changes by
 * compare-and-set on its version.
 */
export function createMongoNotifications(db: Db): NotificationsPort {
  const archive = db.collection<NotificationDocument>(queryShapes["notifications.window"].collection);
  const readStates = db.collection<ReadStateDoc>(queryShapes["readStates.find"].collection);
  // Per feed, this process's appends one after another (they would only race each other for the
  // same position), and the head it last wrote or read.
  const chains = new Map<string, Promise<unknown>>();
  const heads = createSequenceHeads();

  const feedFilter = (tenant: NotificationDocument["tenantId"], feed: FeedOf) => ({
    tenantId: tenant,
    feed: feed.feed,
    userId: feed.feed === "u" ? feed.userId : null,
  });

  async function readHead(tenant: NotificationDocument["tenantId"], feed: FeedOf): Promise<number> {
    // notifications.window
    const [newest] = await archive.find(feedFilter(tenant, feed)).sort({ seq: -1 }).limit(1).toArray();
    return newest?.seq ?? 0;
  }

  async function window(tenant: NotificationDocument["tenantId"], feed: FeedOf): Promise<NotificationDocument[]> {
    // notifications.window
    return archive.find(feedFilter(tenant, feed)).sort({ seq: -1 }).limit(WINDOW).toArray();
  }

  async function appendOnce(
    tenantId: string,
    sourceKey: string,
    entry: Parameters<NotificationsPort["append"]>[2],
  ): Promise<{ created: boolean; notification: NotificationRecord }> {
    const tenant = objectIdOf(tenantId);
    if (!tenant) throw new Error("notifications: malformed tenant id");
    const feed = feedOf(entry);
    const key = `${tenantId}:${feed.feed}:${feed.userId ?? ""}`;
    const createdAt = new Date();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      await heads.load(key, () => readHead(tenant, feed));
      const doc = toNotificationDocument(tenant, sourceKey, entry, heads.take(key), createdAt);
      try {
        await archive.insertOne(doc);
        return { created: true, notification: toNotificationRecord(doc) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // Refused: either the cause has its notification already, or another process took the position.
      // notifications.findByCause
      const existing = await archive.findOne({ tenantId: tenant, sourceKey });
      heads.forget(key);
      if (existing) return { created: false, notification: toNotificationRecord(existing) };
    }
    throw new Error("could not append the notification: its feed is too contended");
  }

  return {
    async append(tenantId, sourceKey, entry) {
      const feed = feedOf(entry);
      const key = `${tenantId}:${feed.feed}:${feed.userId ?? ""}`;
      const previous = chains.get(key) ?? Promise.resolve();
      const result = previous.catch(() => undefined).then(() => appendOnce(tenantId, sourceKey, entry));
      chains.set(key, result);
      void result
        .catch(() => undefined)
        .then(() => {
          if (chains.get(key) === result) chains.delete(key);
        });
      return { ...(await result), durable: Promise.resolve() };
    },

    async readInbox(tenantId, viewer) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return emptyInbox();
      const [shared, own, state] = await Promise.all([
        window(tenant, { feed: "t", userId: null }),
        viewer ? window(tenant, { feed: "u", userId: viewer }) : [],
        // readStates.find
        viewer ? readStates.findOne({ _id: `${tenantId}:${viewer}`, tenantId: tenant }) : null,
      ]);
      const inbox = emptyInbox();
      for (const [feed, list] of [
        ["t", shared],
        ["u", own],
      ] as const) {
        inbox.entries[feed] = list.map(toNotificationRecord);
        inbox.heads[feed] = list[0]?.seq ?? 0;
        inbox.oldest[feed] = list.at(-1)?.seq ?? 1;
        inbox.holes.push(
          ...holesIn(
            feed,
            list.map((doc) => doc.seq),
          ),
        );
      }
      inbox.state = toReadState(state);
      return inbox;
    },

    async readPositions(tenantId, feed, seqs) {
      const tenant = objectIdOf(tenantId);
      if (!tenant || seqs.length === 0) return [];
      const ids = seqs.map((seq) => notificationIdAt(tenantId, feedOf(feed), seq));
      // notifications.atPositions
      const docs = await archive.find({ _id: { $in: ids }, tenantId: tenant }).toArray();
      return docs.map(toNotificationRecord);
    },

    async find(tenantId, id) {
      const tenant = objectIdOf(tenantId);
      const _id = objectIdOf(id);
      if (!tenant || !_id) return null;
      // notifications.find
      const doc = await archive.findOne({ _id, tenantId: tenant });
      return doc ? toNotificationRecord(doc) : null;
    },

    async saveReadState(tenantId, userId, state) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return false;
      const _id = `${tenantId}:${userId}`;
      const fields = {
        userId,
        version: state.version,
        readUpTo: state.readUpTo,
        read: state.read,
        unread: state.unread,
        dismissed: state.dismissed,
        snoozed: state.snoozed,
        createdAt: new Date(),
      };
      if (state.version <= 1) {
        // The first version is an insert: of two first changes made at once, one wins.
        try {
          await readStates.insertOne({ _id, tenantId: tenant, ...fields });
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      }
      // readStates.update — queued per document in this process: see common/with-document-lock.ts.
      const result = await withDocumentLock(_id, () =>
        readStates.updateOne({ _id, tenantId: tenant, version: state.version - 1 }, { $set: fields }),
      );
      return result.matchedCount === 1;
    },
  };
}
