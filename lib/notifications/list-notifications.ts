import { type Feed, positionOf } from "@/lib/notifications/feed";
import { type Inbox, readInbox } from "@/lib/notifications/read-inbox";
import {
  isDismissedIn,
  isReadIn,
  nextWakeOf,
  type ReadState,
  snoozedUntilIn,
  unreadCountOf,
  wakeIso,
} from "@/lib/notifications/read-state";
import type { FeedCursor, ListNotificationsQuery } from "@/lib/notifications/schemas";
import { type NotificationView, toNotificationView } from "@/lib/notifications/to-notification-view";
import type { FeedOf, NotificationRecord } from "@/lib/storage/ports/notifications";
import { getStorage } from "@/lib/storage/registry";

// A filtered page (e.g. only "urgent") may have to skip many entries; past this many, the page is
// returned short with a cursor to continue, so no request ever walks a whole history.
const SCAN_BUDGET = 1000;

/** The archive and the snoozed list (both off unless asked). */
type Flags = Partial<Pick<ListNotificationsQuery, "onlyDismissed" | "onlySnoozed">>;

export type NotificationPage = {
  notifications: NotificationView[];
  unreadCount: number;
  /** The version of the member's read state the count reflects: a client keeps the newest count (docs/notifications.md). */
  readVersion: number;
  /** When the member's first snoozed notification wakes (ISO), or null: a client asks again then. */
  nextWakeAt: string | null;
  nextCursor: string | null;
};

type Walker = {
  tenantId: string;
  ref: FeedOf;
  window: Map<number, NotificationRecord>;
  oldest: number; // lowest seq in the inbox window; below it, entries come from the archive
  next: number; // next seq to read; walking ends past `end`
  end: number;
  step: 1 | -1;
  buffer: NotificationRecord[];
  last: number | null; // seq of the last entry consumed
  initial: number; // the cursor value for this feed before anything is consumed
};

const remaining = (w: Walker) => (w.step === -1 ? w.next >= w.end : w.next <= w.end);

async function fill(w: Walker, batch: number): Promise<void> {
  while (w.buffer.length === 0 && remaining(w)) {
    const seqs: number[] = [];
    while (seqs.length < batch && remaining(w)) {
      seqs.push(w.next);
      w.next += w.step;
    }
    const archived = seqs.filter((seq) => seq < w.oldest);
    const fromArchive = new Map<number, NotificationRecord>();
    const older = archived.length > 0 ? await getStorage().notifications.readPositions(w.tenantId, w.ref, archived) : [];
    for (const record of older) fromArchive.set(record.seq, record);
    w.buffer = seqs
      .map((seq) => w.window.get(seq) ?? fromArchive.get(seq))
      .filter((entry): entry is NotificationRecord => entry !== undefined);
  }
}

/**
 * A member's notifications: newest first from `cursor` (or the top), or — with `after` — oldest
 * first from a position they saw (a reconnecting client's catch-up). Both feeds (the tenant's
 * and the member's own) are merged by time. The tenant's inbox window answers in one small read;
 * only pages older than the window reach the archive.
 */
export async function listNotifications(
  tenantId: string,
  viewer: string | null,
  query: Pick<ListNotificationsQuery, "limit" | "includeRead" | "includeDismissed" | "type" | "priority" | "cursor" | "after"> &
    Flags,
): Promise<NotificationPage> {
  const inbox = await readInbox(tenantId, viewer);
  const { state, heads } = inbox;
  const ascending = Boolean(query.after);
  const walkers = makeWalkers(tenantId, viewer, inbox, query.cursor, query.after);

  const notifications: NotificationView[] = [];
  let scanned = 0;
  const batch = Math.min(query.limit + 1, 100);
  while (notifications.length < query.limit && scanned < SCAN_BUDGET) {
    await Promise.all(walkers.map((w) => fill(w, batch)));
    const [a, b] = walkers.map((w) => w.buffer[0]);
    if (!a && !b) break;
    // Merge by time; on a tie the tenant feed goes first (newest-first) or last (oldest-first).
    let pick = a ? 0 : 1;
    if (a && b) {
      const ta = a.createdAt.getTime();
      const tb = b.createdAt.getTime();
      pick = ascending ? (tb < ta ? 1 : 0) : tb > ta ? 1 : 0;
    }
    const walker = walkers[pick] as Walker;
    const entry = walker.buffer.shift() as NotificationRecord;
    walker.last = entry.seq;
    scanned += 1;
    const view = viewFor(entry, state, viewer);
    if (matches(view, query)) notifications.push(view);
  }

  const more = walkers.some((w) => w.buffer.length > 0 || remaining(w));
  return {
    notifications,
    unreadCount: viewer ? unreadCountOf(state, heads, inbox.holes) : heads.t - inbox.holes.filter((h) => h[0] === "t").length,
    readVersion: state.version,
    nextWakeAt: wakeIso(viewer ? nextWakeOf(state) : null),
    nextCursor: more ? cursorAfter(walkers) : null,
  };
}

function makeWalkers(
  tenantId: string,
  viewer: string | null,
  inbox: Inbox,
  cursor: FeedCursor | undefined,
  after: FeedCursor | undefined,
): [Walker, Walker] {
  const make = (feed: Feed): Walker => {
    const ref: FeedOf = { feed, userId: feed === "u" ? viewer : null };
    const head = feed === "u" && !viewer ? 0 : inbox.heads[feed];
    const window = new Map(inbox.entries[feed].map((entry) => [entry.seq, entry]));
    const base = { tenantId, ref, window, oldest: inbox.oldest[feed], buffer: [], last: null };
    if (after) return { ...base, next: after[feed] + 1, end: head, step: 1, initial: after[feed] };
    const top = Math.max(0, cursor ? Math.min(cursor[feed] - 1, head) : head);
    return { ...base, next: top, end: 1, step: -1, initial: top + 1 };
  };
  return [make("t"), make("u")];
}

// Newest-first cursors are exclusive upper bounds; catch-up cursors are the last position seen.
function cursorAfter(walkers: Walker[]): string {
  const [t, u] = walkers.map((w) => w.last ?? w.initial);
  return `t${t}.u${u}`;
}

function viewFor(entry: NotificationRecord, state: ReadState, viewer: string | null): NotificationView {
  const position = positionOf(entry.feed, entry.seq);
  if (!viewer) return toNotificationView(entry);
  return toNotificationView(entry, {
    isRead: isReadIn(state, position),
    isDismissed: isDismissedIn(state, position),
    snoozedUntil: snoozedUntilIn(state, position),
  });
}

function matches(
  view: NotificationView,
  query: Pick<ListNotificationsQuery, "includeRead" | "includeDismissed" | "type" | "priority"> & Flags,
) {
  if (!query.includeRead && view.isRead) return false;
  if (query.onlyDismissed ? !view.isDismissed : !query.includeDismissed && view.isDismissed) return false;
  // Snoozed ones wait in their own list until they wake.
  if (query.onlySnoozed ? !view.snoozedUntil : view.snoozedUntil) return false;
  if (query.type?.length && !query.type.includes(view.type)) return false;
  if (query.priority?.length && !query.priority.includes(view.priority)) return false;
  return true;
}
