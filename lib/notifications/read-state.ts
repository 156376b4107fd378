import type { Feed, FeedHeads, ReadState } from "@/lib/storage/ports/notifications";

// One member's read/dismissed state in one tenant, as pure data: a watermark per feed
// (everything at or below is read) plus exceptions. The unread count follows from it and the
// feed heads alone, without touching a single notification.

export type { FeedHeads, ReadState };

export const emptyReadState = (): ReadState => ({
  version: 0,
  readUpTo: { t: 0, u: 0 },
  read: [],
  unread: [],
  dismissed: [],
  snoozed: [],
});

const parse = (position: string) => ({ feed: position[0] as Feed, seq: Number(position.slice(1)) });

export function isReadIn(state: ReadState, position: string): boolean {
  const { feed, seq } = parse(position);
  if (seq <= state.readUpTo[feed]) return !state.unread.includes(position);
  return state.read.includes(position);
}

export function isDismissedIn(state: ReadState, position: string): boolean {
  return state.dismissed.includes(position);
}

/** Until when the notification is snoozed (epoch ms), or null when it is not, or no longer. */
export function snoozedUntilIn(state: ReadState, position: string, now = Date.now()): number | null {
  const until = state.snoozed.find((entry) => entry.position === position)?.until;
  return until !== undefined && until > now ? until : null;
}

/**
 * Notifications neither read nor dismissed, given the feeds' current heads. `holes` are
 * positions known to hold nothing (a withdrawn duplicate), which must not count.
 */
export function unreadCountOf(state: ReadState, heads: FeedHeads, holes: string[] = [], now = Date.now()): number {
  const inFeeds = (position: string) => {
    const { feed, seq } = parse(position);
    return seq >= 1 && seq <= heads[feed];
  };
  let count = Math.max(0, heads.t - state.readUpTo.t) + Math.max(0, heads.u - state.readUpTo.u);
  count -= state.read.filter(inFeeds).length;
  count += state.unread.filter(inFeeds).length;
  count -= state.dismissed.filter((position) => inFeeds(position) && !isReadIn(state, position)).length;
  count -= holes.filter((position) => inFeeds(position) && !isReadIn(state, position) && !isDismissedIn(state, position)).length;
  // Snoozed: out of the count until it wakes, then unread again.
  count -= state.snoozed.filter(
    ({ position, until }) => until > now && inFeeds(position) && !isReadIn(state, position) && !isDismissedIn(state, position),
  ).length;
  return Math.max(0, count);
}

const without = (list: string[], position: string) => list.filter((item) => item !== position);
const withItem = (list: string[], position: string) => (list.includes(position) ? list : [...list, position]);

/**
 * The state after one notification is marked read/unread, dismissed/restored and/or snoozed until a
 * time (null: woken now). Snoozing leaves it unread, so that it comes back as news; snoozes that
 * have run out are dropped on the way.
 */
export function applyChange(
  state: ReadState,
  position: string,
  change: { isRead?: boolean; isDismissed?: boolean; snoozedUntil?: number | null },
  now = Date.now(),
): ReadState {
  const { feed, seq } = parse(position);
  const next: ReadState = { ...state, version: state.version + 1 };
  next.snoozed = state.snoozed.filter((entry) => entry.until > now && entry.position !== position);
  const snoozing = change.snoozedUntil !== undefined && change.snoozedUntil !== null && change.snoozedUntil > now;
  if (snoozing) {
    next.snoozed.push({ position, until: change.snoozedUntil as number });
    change = { ...change, isRead: false, isDismissed: false };
  } else if (change.snoozedUntil === undefined && change.isDismissed !== true) {
    // Any other change keeps a running snooze; archiving ends it (it lives in the archive then).
    const running = state.snoozed.find((entry) => entry.position === position && entry.until > now);
    if (running) next.snoozed.push(running);
  }
  if (change.isRead !== undefined) {
    const belowMark = seq <= state.readUpTo[feed];
    if (belowMark) next.unread = change.isRead ? without(state.unread, position) : withItem(state.unread, position);
    else next.read = change.isRead ? withItem(state.read, position) : without(state.read, position);
  }
  if (change.isDismissed !== undefined) {
    next.dismissed = change.isDismissed ? withItem(state.dismissed, position) : without(state.dismissed, position);
  }
  return next;
}

/**
 * Everything the member can see up to the given heads becomes read; dismissals are kept, and a
 * snoozed notification (out of sight) stays unread, to come back as news when it wakes.
 */
export function applyMarkAllRead(state: ReadState, heads: FeedHeads, now = Date.now()): ReadState {
  const readUpTo = { t: Math.max(state.readUpTo.t, heads.t), u: Math.max(state.readUpTo.u, heads.u) };
  const asleep = state.snoozed.filter((entry) => entry.until > now);
  return {
    ...state,
    version: state.version + 1,
    readUpTo,
    // Individually read items newer than these heads (appended meanwhile) stay read.
    read: state.read.filter((position) => parse(position).seq > readUpTo[parse(position).feed]),
    unread: asleep.map((entry) => entry.position).filter((position) => parse(position).seq <= readUpTo[parse(position).feed]),
    snoozed: asleep,
  };
}

/** When the member's first snoozed notification wakes (epoch ms), or null when none sleeps. */
export function nextWakeOf(state: ReadState, now = Date.now()): number | null {
  const times = state.snoozed.map((entry) => entry.until).filter((until) => until > now);
  return times.length > 0 ? Math.min(...times) : null;
}

export const wakeIso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString());
