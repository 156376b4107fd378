import type { Collection, Document } from "mongodb";
import mongoose from "mongoose";

// The read model behind the bell: small collections, one per feed owner, each read whole.
//   - `inbox_<tenantId>`: copies of the newest INBOX_WINDOW (+ trimming slack) notifications of the
//     tenant's feed ("t"), same `_id` as in the archive; older ones are trimmed;
//   - `inbox_<tenantId>_<userId>`: the same for one member's own feed ("u"), plus that member's
//     read/dismissed state as immutable versions (compare-and-set by inserting version n+1 under a
//     derived `_id`); old versions are trimmed.
//
// FerretDB v1 (SQLite) pushes down no filter but `{_id}` alone: every other query reads and decodes
// the whole collection. The archive (`notifications`) grows forever; these stay bounded, and a
// member's bell reads only the tenant's window and their own, so "latest 50 + unread count" costs
// the same with 10k or 10M notifications, and with 2 or 2,000 members.
// No secondary index: every read takes the whole (small) collection.

// The API's default page (50) is served from the window alone; catch-up and deeper pages use the archive.
export const INBOX_WINDOW = 50;

export type InboxEntry = {
  _id: unknown;
  kind: "entry";
  tenantId: unknown;
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

export type InboxStateDoc = {
  _id: unknown;
  kind: "state";
  userId: string;
  version: number;
  readUpTo: { t: number; u: number };
  read: string[];
  unread: string[];
  dismissed: string[];
  createdAt: Date;
};

/** The tenant feed's window (`userId` null), or one member's own window and read state. */
export function inboxCollection(tenantId: string, userId: string | null): Collection<Document> {
  const name = userId === null ? `inbox_${tenantId}` : `inbox_${tenantId}_${userId}`;
  return mongoose.connection.collection(name) as unknown as Collection<Document>;
}
