import type { NotificationPriority, NotificationType } from "@/lib/notifications/schemas";

// A tenant's notifications (docs/notifications.md): two append-only feeds a member reads merged —
// the tenant's ("t", everyone) and the member's own ("u") — each a dense sequence of positions
// 1, 2, 3 …, plus each member's read state, kept as watermarks and exceptions over those positions.

export type Feed = "t" | "u";
/** One feed of a tenant: the tenant's (`userId` null) or one member's own. */
export type FeedOf = { feed: Feed; userId: string | null };

export type NewNotificationRecord = FeedOf & {
  title: string;
  message: string;
  type: NotificationType;
  priority: NotificationPriority;
  actionUrl: string | null;
  actionText: string | null;
  metadata: Record<string, unknown>;
};

export type NotificationRecord = NewNotificationRecord & {
  id: string;
  tenantId: string;
  /** Its position in its feed. */
  seq: number;
  createdAt: Date;
};

export type AppendedNotification = {
  /** False when the cause already had its notification: `notification` is that one. */
  created: boolean;
  notification: NotificationRecord;
  /**
   * Settles once the notification is fully stored. With `uniqueCause` the result may arrive as soon
   * as the notification holds its position, before this: push it, then await this.
   */
  durable: Promise<void>;
};

export type AppendOptions = {
  /**
   * The caller guarantees that nothing else ever appends this cause (a random key, or one whose
   * uniqueness an earlier write decided): the adapter may answer before it has ruled out a duplicate.
   */
  uniqueCause?: boolean;
  /**
   * An earlier attempt may have stored this cause, longer ago than the adapter keeps in mind (a
   * replay after a crash or a failed effect): the adapter looks it up before it takes a position.
   * Costly on the embedded adapter (a scan of the archive), so for replays only.
   */
  maybeStored?: boolean;
};

export type FeedHeads = { t: number; u: number };

/** One member's read state in one tenant (lib/notifications/read-state.ts computes with it). */
export type ReadState = {
  /** 0 before the member's first change; each saved change is the next version. */
  version: number;
  /** Everything at or below is read, per feed, except `unread`. */
  readUpTo: FeedHeads;
  /** Positions (`t12`, `u3`) above the watermark that are read, below it that are not. */
  read: string[];
  unread: string[];
  dismissed: string[];
  /** Snoozed positions and until when (epoch ms): out of the inbox and the count until then, unread after. */
  snoozed: Array<{ position: string; until: number }>;
};

/** What the bell needs for one member: the newest entries of both feeds and their read state. */
export type InboxSnapshot = {
  heads: FeedHeads;
  /** Lowest position the snapshot's entries reach, per feed (head + 1 when the feed is empty). */
  oldest: FeedHeads;
  /** The newest entries per feed (at least the 50 newest), newest first. */
  entries: { t: NotificationRecord[]; u: NotificationRecord[] };
  /** Positions between `oldest` and the head that hold nothing (a duplicate withdrawn after a race). */
  holes: string[];
  state: ReadState;
};

export interface NotificationsPort {
  /**
   * Appends the notification for `sourceKey` to its feed at the next position, once per tenant and
   * cause: a second append with the same cause (a retried or concurrent delivery, another server
   * process) answers `created: false` with the original. Rejects for a notification the database
   * refuses, without failing other appends.
   */
  append(
    tenantId: string,
    sourceKey: string,
    entry: NewNotificationRecord,
    options?: AppendOptions,
  ): Promise<AppendedNotification>;
  /** The newest entries of the tenant's feed and, with a viewer, of theirs, plus their read state. */
  readInbox(tenantId: string, viewer: string | null): Promise<InboxSnapshot>;
  /** The entries of one feed at the given positions (any order; absent positions are skipped). */
  readPositions(tenantId: string, feed: FeedOf, seqs: number[]): Promise<NotificationRecord[]>;
  /** One notification of the tenant by id; null for another tenant's, an unknown or a malformed id. */
  find(tenantId: string, id: string): Promise<NotificationRecord | null>;
  /**
   * Saves `state` (whose version is the one read plus one) as the member's read state, unless
   * another change saved that version first: compare-and-set, false when it lost.
   */
  saveReadState(tenantId: string, userId: string, state: ReadState): Promise<boolean>;
}
