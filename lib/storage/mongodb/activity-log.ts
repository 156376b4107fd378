import { createHash } from "node:crypto";
import { type Db, type Document, type Filter, ObjectId } from "mongodb";
import { toActivityRecord } from "@/lib/storage/common/activity-document";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import { deleteExpired } from "@/lib/storage/mongodb/retention";
import type { ActivityFilter, ActivityLogPort, ActivityRecord, NewActivityEntry } from "@/lib/storage/ports/activity-log";

/**
 * How long activity entries are kept on the `mongodb` adapter: an audit trail, read back further
 * than refused deliveries (30 days); the embedded adapter keeps everything.
 */
export const ACTIVITY_RETENTION_DAYS = 90;

type Doc = NewActivityEntry & {
  _id: ObjectId;
  tenantId: ObjectId;
  // Every whole-segment prefix of `kind` and the actor as a type and as type:id, so that each
  // filter the API allows is an equality on one multikey field an index serves.
  kindPrefixes: string[];
  actorKeys: string[];
  createdAt: Date;
};

const kindPrefixesOf = (kind: string) => kind.split(".").map((_, i, parts) => parts.slice(0, i + 1).join("."));
const actorKeyOf = (actor: { type: string; id: string | null }) => (actor.id ? `${actor.type}:${actor.id}` : actor.type);

const toRecord = (doc: Doc): ActivityRecord => toActivityRecord(doc._id, doc);

// base64url of "m.<createdAt ms>.<_id>": the last entry a page returned, a point in the tenant's
// (createdAt, _id) order that fits any filter.
// A cursor belongs to the walk that returned it: it names the filter (kinds, actor) it was made
// under, so reusing it with other filters is refused, as on the embedded adapter, rather than
// silently starting another walk from the middle.
const walkOf = (query: Pick<ActivityFilter, "kinds" | "actor">) =>
  createHash("sha256")
    .update(JSON.stringify([[...(query.kinds ?? [])].sort(), query.actor ? actorKeyOf(query.actor) : null]))
    .digest("hex")
    .slice(0, 12);
const encodeCursor = (doc: Doc, walk: string) =>
  Buffer.from(`m.${new Date(doc.createdAt).getTime()}.${doc._id.toHexString()}.${walk}`, "utf8").toString("base64url");
function decodeCursor(value: string, walk: string): { at: Date; _id: ObjectId } | null {
  const match = /^m\.([0-9]{1,15})\.([0-9a-f]{24})\.([0-9a-f]{12})$/.exec(Buffer.from(value, "base64url").toString("utf8"));
  return match && match[3] === walk ? { at: new Date(Number(match[1])), _id: new ObjectId(match[2]) } : null;
}

const activityLogs = (db: Db) =>
  db.client.db(logDatabaseName(db.databaseName)).collection<Doc>(queryShapes["activity.list"].collection);

/**
 * One `activity_logs` collection for every tenant (in the log database, lib/storage/database/log-database.ts),
 * each entry under a fresh ObjectId stamped with its `createdAt`: an append is one insert, with no
 * counter and nothing in memory, so any number of server processes append at once. Pages are
 * `sort`+`limit` on `(createdAt, _id)` with a range cursor, through the tenant's indexes.
 */
export function createMongoActivityLog(db: Db): ActivityLogPort {
  const collection = activityLogs(db);

  async function newest(tenant: ObjectId): Promise<Doc | null> {
    // activity.head
    return collection.find({ tenantId: tenant }).sort({ createdAt: -1, _id: -1 }).limit(1).next();
  }

  return {
    async append(tenantId, entry) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) throw new Error("activity log: malformed tenant id");
      // Same second, same process: the ObjectId's counter orders entries stamped in the same millisecond.
      const doc: Doc = {
        _id: new ObjectId(),
        tenantId: tenant,
        ...entry,
        kindPrefixes: kindPrefixesOf(entry.kind),
        actorKeys: entry.actor.id ? [entry.actor.type, actorKeyOf(entry.actor)] : [entry.actor.type],
        createdAt: new Date(),
      };
      await collection.insertOne(doc);
      return toRecord(doc);
    },

    async list(tenantId, query) {
      const walk = walkOf(query);
      const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor, walk);
      if (query.cursor !== undefined && !cursor) return { invalidCursor: "is not a cursor this API returned" };
      const tenant = objectIdOf(tenantId);
      if (!tenant) return { entries: [], nextCursor: null };

      const filter: Filter<Doc> = { tenantId: tenant };
      if (query.kinds) {
        // activity.listByKind: with an actor too, the actor is checked on each of the tenant's
        // entries of those kinds (a scan of that range of the index, newest first, until the page fills).
        filter.kindPrefixes = query.kinds.length === 1 ? query.kinds[0] : { $in: query.kinds };
        if (query.actor) filter.actorKeys = actorKeyOf(query.actor);
      } else if (query.actor) {
        // activity.listByActor
        filter.actorKeys = actorKeyOf(query.actor);
      }
      // else activity.list. Dates bound the sort key itself: served by each of these indexes.
      const upper = cursor && (!query.to || cursor.at <= query.to) ? cursor.at : query.to;
      const createdAt: Document = {};
      if (upper) createdAt.$lte = upper;
      if (query.from) createdAt.$gte = query.from;
      if (upper || query.from) filter.createdAt = createdAt;
      // Below the cursor in (createdAt, _id) order; `_id` only decides within its millisecond.
      if (cursor) filter.$or = [{ createdAt: { $lt: cursor.at } }, { _id: { $lt: cursor._id } }];

      const docs = await collection
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .limit(query.limit + 1)
        .toArray();
      const page = docs.slice(0, query.limit);
      const last = page.at(-1);
      return { entries: page.map(toRecord), nextCursor: docs.length > query.limit && last ? encodeCursor(last, walk) : null };
    },

    async findHead(tenantId) {
      const tenant = objectIdOf(tenantId);
      const doc = tenant ? await newest(tenant) : null;
      return doc ? toRecord(doc) : null;
    },
  };
}

/**
 * Retention where the server has no TTL index (FerretDB): entries stamped before `cutoff` go, a
 * bounded batch at a time (lib/storage/mongodb/start-retention.ts runs it every hour).
 */
export async function deleteExpiredActivity(db: Db, cutoff: Date): Promise<number> {
  // activity.expire
  return deleteExpired(activityLogs(db) as never, "createdAt", cutoff);
}
