import { type Collection, type Document, type Filter, ObjectId } from "mongodb";
import { foundByRecordId } from "@/lib/storage/common/found-by-record-id";
import { decodeLogCursor, encodeLogCursor } from "@/lib/storage/ports/log-cursor";

// The inbound logs' page cursor on the mongodb adapter: the last row's sort keys (receivedAt, _id),
// so the next page is a range on the same index, however many rows come before it.

export const receivedCursorOf = (doc: { receivedAt: Date; _id: ObjectId }) =>
  encodeLogCursor({ at: doc.receivedAt.getTime(), id: doc._id.toHexString() });

/** The filter of the rows after the cursor, newest first; null for no cursor or one not ours. */
export function afterReceivedCursor(cursor: string | undefined): Record<string, unknown> | null {
  const decoded = decodeLogCursor(cursor);
  if (!decoded || !/^[0-9a-f]{24}$/.test(decoded.id)) return null;
  const at = new Date(decoded.at);
  const _id = new ObjectId(decoded.id);
  return { $or: [{ receivedAt: { $lt: at } }, { receivedAt: at, _id: { $lt: _id } }] };
}

/** `receivedAt` bounds on the sort key itself, which the same indexes serve. */
export function receivedBetween(since?: Date, until?: Date): Record<string, unknown> {
  if (!since && !until) return {};
  return { receivedAt: { ...(since ? { $gte: since } : {}), ...(until ? { $lte: until } : {}) } };
}

/**
 * One page of an inbound log: `filter` (the tenant's, with the page's filters) past the cursor,
 * newest first, one row more than asked to know whether another page follows; a search for a
 * row's own record id finds it too.
 */
export async function readLogPage<D extends Document & { _id: ObjectId; receivedAt: Date }, R extends { id: string }>(
  collection: Collection<D>,
  filter: Filter<D>,
  query: { limit: number; cursor?: string; search?: string },
  options: {
    projection: Document;
    toRecord: (doc: D) => R;
    find: (id: string) => Promise<(R & { rawBody: unknown }) | null>;
    matches: (record: R & { rawBody: unknown }) => boolean;
  },
): Promise<{ deliveries: R[]; next: string | null }> {
  const byId = await foundByRecordId(query, options.find, options.matches);
  if (byId) return byId as unknown as { deliveries: R[]; next: null };
  const after = afterReceivedCursor(query.cursor);
  const docs = (await collection
    .find(after ? ({ $and: [filter, after] } as Filter<D>) : filter, { projection: options.projection })
    .sort({ receivedAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .toArray()) as D[];
  const page = docs.slice(0, query.limit);
  const records = page.map(options.toRecord);
  const last = page.at(-1);
  return { deliveries: records, next: docs.length > query.limit && last ? receivedCursorOf(last) : null };
}
