import { type Collection, type Db, type Document, ObjectId } from "mongodb";
import { insertBatchedRaw } from "@/lib/db/insert-batched";
import type { NewRejection, RejectedDeliveriesPort, RejectionRecord } from "@/lib/storage/ports/rejected-deliveries";

type Doc = NewRejection & { _id: ObjectId; tenantId: ObjectId | null; receivedAt: Date };

// The debugger reads a tenant's newest refusals from a small collection of their own (copies,
// same `_id`): on FerretDB v1 any query but `{_id}` reads the whole collection, the archive of
// every tenant's refusals included. Kept to KEPT entries plus trimming slack.
const KEPT = 50;
const TRIM_EVERY = 25;

const toRecord = (doc: Doc): RejectionRecord => ({
  id: doc._id.toHexString(),
  tenantId: doc.tenantId ? doc.tenantId.toHexString() : null,
  kind: doc.kind ?? null,
  reason: doc.reason,
  status: doc.status,
  message: doc.message,
  headers: doc.headers ?? {},
  bodyExcerpt: doc.bodyExcerpt ?? "",
  bodyBytes: doc.bodyBytes ?? 0,
  receivedAt: new Date(doc.receivedAt),
});

const objectId = (id: string) => (/^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : null);

// Same millisecond: the later ObjectId (a per-process counter) first.
const newestFirst = (a: Doc, b: Doc) =>
  new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime() || b._id.toHexString().localeCompare(a._id.toHexString());

/** The archive (`rejected_deliveries`, inserts only) plus one bounded `rejections_<tenant>` window per tenant. */
export function createEmbeddedRejectedDeliveries(db: Db): RejectedDeliveriesPort {
  const archive = db.collection<Doc>("rejected_deliveries");
  const recent = (tenantId: string) => db.collection<Doc>(`rejections_${tenantId}`);
  // Appends since this process last trimmed each tenant's window (the embedded database has one server process).
  const sinceTrim = new Map<string, number>();

  async function keepRecent(tenantId: string, doc: Doc): Promise<void> {
    const window = recent(tenantId);
    await insertBatchedRaw(window as unknown as Collection<Document>, doc);
    const count = (sinceTrim.get(tenantId) ?? 0) + 1;
    sinceTrim.set(tenantId, count % TRIM_EVERY);
    if (count < TRIM_EVERY) return;
    const all = (await window.find({}, { projection: { receivedAt: 1 } }).toArray()) as Doc[];
    all.sort(newestFirst);
    // By `_id`, one at a time: the only filter the embedded database answers without a scan.
    await Promise.all(all.slice(KEPT).map((old) => window.deleteOne({ _id: old._id })));
  }

  return {
    async record(tenantId, rejection) {
      const tenant = tenantId ? objectId(tenantId) : null;
      const doc: Doc = { _id: new ObjectId(), tenantId: tenant, receivedAt: new Date(), ...rejection };
      // Through the single writer, in arrival order: a burst of refusals must not turn into competing
      // SQLite writers that finish out of order (the window keeps the newest by arrival).
      await Promise.all([
        insertBatchedRaw(archive as unknown as Collection<Document>, doc),
        tenant && tenantId ? keepRecent(tenantId, doc) : null,
      ]);
      return toRecord(doc);
    },
    async listRecent(tenantId, limit) {
      if (!objectId(tenantId)) return [];
      const docs = (await recent(tenantId).find({}).toArray()) as Doc[];
      return docs.sort(newestFirst).slice(0, limit).map(toRecord);
    },
    async find(tenantId, id) {
      const _id = objectId(id);
      if (!_id || !objectId(tenantId)) return null;
      // `{_id}` alone is what FerretDB answers without a scan; the tenant is compared here.
      const doc = (await recent(tenantId).findOne({ _id })) ?? (await archive.findOne({ _id }));
      return doc && doc.tenantId?.toHexString() === tenantId.toLowerCase() ? toRecord(doc) : null;
    },
  };
}
