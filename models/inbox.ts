import type { Collection, Document } from "mongodb";
import mongoose from "mongoose";

// `inbox_<tenantId>`: one small collection per tenant, the read model behind the bell.
//
// FerretDB v1 (SQLite) answers every query — even `{_id}` — by scanning the whole collection
// (its `_id` index is on a different JSON expression than its look-ups use), so a query's cost is
// the size of the collection it reads. The archive (`notifications`) grows forever; this one
// stays bounded, so "latest 50 + unread count" is one read of a few hundred documents whether
// the tenant has 10k or 10M notifications. It holds:
//   - entries: copies of the newest INBOX_WINDOW notifications of each feed (the tenant's, "t",
//     and each member's own, "u"), same `_id` as in the archive; older ones are trimmed;
//   - states: each member's read/dismissed state as immutable versions (compare-and-set by
//     inserting version n+1 under a derived `_id`); old versions are trimmed.
// No secondary index: every read takes the whole (small) collection.

export const INBOX_WINDOW = 100;

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

export function inboxCollection(tenantId: string): Collection<Document> {
  return mongoose.connection.collection(`inbox_${tenantId}`) as unknown as Collection<Document>;
}
