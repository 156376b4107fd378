import type { ObjectId } from "mongodb";
import { derivedId } from "@/lib/storage/embedded/derived-id";
import type {
  FeedOf,
  InboxSnapshot,
  NewNotificationRecord,
  NotificationRecord,
  ReadState,
} from "@/lib/storage/ports/notifications";

/** A notification as both adapters store it in the archive (`notifications`, models/notification.ts). */
export type NotificationDocument = {
  _id: ObjectId;
  tenantId: ObjectId;
  feed: "t" | "u";
  userId: string | null;
  seq: number;
  sourceKey: string;
  title: string;
  message: string;
  type: string;
  priority: string;
  actionUrl: string | null;
  actionText: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
};

/** A member's read state as stored (fields of ReadState, plus who and when). */
export type ReadStateDocument = Omit<ReadState, "version"> & { version: number; userId: string; createdAt?: Date };

/**
 * The `_id` of a feed's entry at `seq`: derived from the position, so the insert that takes a
 * position is the one that decides who got it (a second writer's insert is a duplicate key).
 */
export function notificationIdAt(tenantId: string, feed: FeedOf, seq: number): ObjectId {
  return derivedId("notification", tenantId, feed.feed === "t" ? "t" : `u:${feed.userId}`, String(seq));
}

export function toNotificationDocument(
  tenant: ObjectId,
  sourceKey: string,
  entry: NewNotificationRecord,
  seq: number,
  createdAt: Date,
): NotificationDocument {
  return {
    _id: notificationIdAt(tenant.toHexString(), entry, seq),
    tenantId: tenant,
    feed: entry.feed,
    userId: entry.feed === "u" ? entry.userId : null,
    seq,
    sourceKey,
    title: entry.title,
    message: entry.message,
    type: entry.type,
    priority: entry.priority,
    actionUrl: entry.actionUrl,
    actionText: entry.actionText,
    metadata: entry.metadata,
    createdAt,
  };
}

export function toNotificationRecord(doc: NotificationDocument): NotificationRecord {
  return {
    id: doc._id.toHexString(),
    tenantId: String(doc.tenantId),
    feed: doc.feed,
    userId: doc.userId ?? null,
    seq: doc.seq,
    title: doc.title,
    message: doc.message,
    type: (doc.type ?? "info") as NotificationRecord["type"],
    priority: (doc.priority ?? "medium") as NotificationRecord["priority"],
    actionUrl: doc.actionUrl ?? null,
    actionText: doc.actionText ?? null,
    metadata: doc.metadata ?? {},
    createdAt: doc.createdAt ?? new Date(0),
  };
}

export function toReadState(doc: Partial<ReadStateDocument> | null | undefined): ReadState {
  if (!doc) return { version: 0, readUpTo: { t: 0, u: 0 }, read: [], unread: [], dismissed: [], snoozed: [] };
  return {
    version: doc.version ?? 0,
    readUpTo: { t: doc.readUpTo?.t ?? 0, u: doc.readUpTo?.u ?? 0 },
    read: doc.read ?? [],
    unread: doc.unread ?? [],
    dismissed: doc.dismissed ?? [],
    snoozed: doc.snoozed ?? [],
  };
}

/** Positions between the oldest and newest of `seqs` (newest first) that hold nothing. */
export function holesIn(feed: "t" | "u", seqs: number[]): string[] {
  const [head, oldest] = [seqs[0], seqs.at(-1)];
  if (head === undefined || oldest === undefined || seqs.length === head - oldest + 1) return [];
  const present = new Set(seqs);
  const holes: string[] = [];
  for (let seq = oldest; seq <= head; seq += 1) if (!present.has(seq)) holes.push(`${feed}${seq}`);
  return holes;
}

/** The inbox of a tenant id that names no tenant: nothing in it. */
export function emptyInbox(): InboxSnapshot {
  return { heads: { t: 0, u: 0 }, oldest: { t: 1, u: 1 }, entries: { t: [], u: [] }, holes: [], state: toReadState(null) };
}
