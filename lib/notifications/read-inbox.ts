import { emptyReadState, type FeedHeads, type ReadState } from "@/lib/notifications/read-state";
import { type InboxEntry, type InboxStateDoc, inboxCollection, readTenantWindow } from "@/models/inbox";

export type Inbox = {
  heads: FeedHeads;
  /** Lowest position still in the window, per feed (head + 1 when the feed is empty). */
  oldest: FeedHeads;
  /** Window entries per feed, newest first. */
  entries: { t: InboxEntry[]; u: InboxEntry[] };
  /** Positions inside the window with no entry (a duplicate withdrawn after a race). */
  holes: string[];
  state: ReadState;
};

export function toReadState(doc: InboxStateDoc | undefined): ReadState {
  if (!doc) return emptyReadState();
  return {
    version: doc.version,
    readUpTo: { t: doc.readUpTo?.t ?? 0, u: doc.readUpTo?.u ?? 0 },
    read: doc.read ?? [],
    unread: doc.unread ?? [],
    dismissed: doc.dismissed ?? [],
  };
}

/**
 * Everything the bell needs for one member, in parallel reads of small collections: the tenant
 * feed's window (its two newest generations), and the member's own (their feed's window and their
 * newest read state).
 */
export async function readInbox(tenantId: string, viewer: string | null): Promise<Inbox> {
  const [shared, own] = await Promise.all([
    readTenantWindow(tenantId),
    viewer ? inboxCollection(tenantId, viewer).find({}).toArray() : [],
  ]);
  const docs = [...shared, ...own] as unknown as Array<InboxEntry | InboxStateDoc>;
  const entries: Inbox["entries"] = { t: [], u: [] };
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
    if (list.length < heads[feed] - oldest[feed] + 1) {
      const present = new Set(list.map((entry) => entry.seq));
      for (let seq = oldest[feed]; seq <= heads[feed]; seq += 1) if (!present.has(seq)) holes.push(`${feed}${seq}`);
    }
  }
  return { heads, oldest, entries, holes, state: toReadState(state) };
}
