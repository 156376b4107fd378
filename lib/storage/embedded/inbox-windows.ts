import type { Collection, Db, Document } from "mongodb";
import type { NotificationDocument } from "@/lib/storage/common/notification-document";
import { serialWrite } from "@/lib/storage/embedded/insert-batched";
import { dropGenerationsBefore, generationCollectionName, listGenerations } from "@/lib/storage/embedded/list-generations";

// The read model behind the bell on the embedded database: small collections, one per feed owner,
// each read whole.
//   - `inbox_<tenantId>_g<n>`: copies of the tenant feed's ("t") notifications at positions
//     n·INBOX_WINDOW + 1 … (n + 1)·INBOX_WINDOW, same `_id` as in the archive. The bell reads the
//     two newest generations (50–100 entries); starting generation n drops those before n − 1, one
//     statement each, where trimming one collection read and decoded all of it (lib/storage/embedded/list-generations.ts);
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

export type InboxEntry = NotificationDocument & { kind: "entry" };

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

/** One member's own window and read state. */
export function inboxCollection(db: Db, tenantId: string, userId: string): Collection<Document> {
  return db.collection(`inbox_${tenantId}_${userId}`);
}

const tenantWindowPrefix = (tenantId: string) => `inbox_${tenantId}`;

/** The generation of the tenant feed's window that holds position `seq`. */
export function tenantWindowGeneration(seq: number): number {
  return Math.floor((seq - 1) / INBOX_WINDOW);
}

/** One generation of the tenant feed's window (-1: the single collection earlier versions kept). */
export function tenantWindowCollection(db: Db, tenantId: string, generation: number): Collection<Document> {
  return db.collection(generationCollectionName(tenantWindowPrefix(tenantId), generation));
}

/** The tenant feed's window: every entry of its two newest generations (and of an earlier version's collection). */
export async function readTenantWindow(db: Db, tenantId: string, projection?: Document): Promise<Document[]> {
  const generations = await listGenerations(tenantWindowPrefix(tenantId), db);
  const read = generations.filter((generation, index) => index < 2 || generation === -1);
  const parts = await Promise.all(
    read.map((generation) =>
      tenantWindowCollection(db, tenantId, generation).find({ kind: "entry", feed: "t" }, { projection }).toArray(),
    ),
  );
  return parts.flat();
}

/**
 * Makes the tenant window's collection for `generation` ahead of its first insert, in the writer's
 * upkeep turn. Only a head start: if it fails (made meanwhile by that insert, or the database is
 * away) the insert makes it, as it would have anyway.
 */
export async function openTenantWindow(db: Db, tenantId: string, generation: number): Promise<void> {
  const name = generationCollectionName(tenantWindowPrefix(tenantId), generation);
  await serialWrite(() => db.createCollection(name), "upkeep", db.databaseName).catch(() => undefined);
}

/** Drops the tenant window's generations older than `keep` (queued behind the writer's current turn). */
export function dropTenantWindowsBefore(db: Db, tenantId: string, keep: number): Promise<void> {
  return dropGenerationsBefore(tenantWindowPrefix(tenantId), keep, db);
}
