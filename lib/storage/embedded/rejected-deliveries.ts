import { type Collection, type Db, type Document, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { type RejectionDocument, toRejectionRecord } from "@/lib/storage/common/rejection-document";
import { insertBatchedRaw } from "@/lib/storage/embedded/insert-batched";
import type { RejectedDeliveriesPort } from "@/lib/storage/ports/rejected-deliveries";

type Doc = RejectionDocument;

// The debugger reads a tenant's newest refusals from a small collection of their own (copies,
// same `_id`): on FerretDB v1 any query but `{_id}` reads the whole collection, the archive of
// every tenant's refusals included. Kept to KEPT entries plus trimming slack.
const KEPT = 50;
const TRIM_EVERY = 25;

const toRecord = toRejectionRecord;

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
      const tenant = tenantId ? objectIdOf(tenantId) : null;
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
      if (!objectIdOf(tenantId)) return [];
      const docs = (await recent(tenantId).find({}).toArray()) as Doc[];
      return docs.sort(newestFirst).slice(0, limit).map(toRecord);
    },
    async find(tenantId, id) {
      const _id = objectIdOf(id);
      if (!_id || !objectIdOf(tenantId)) return null;
      // `{_id}` alone is what FerretDB answers without a scan; the tenant is compared here.
      const doc = (await recent(tenantId).findOne({ _id })) ?? (await archive.findOne({ _id }));
      return doc && doc.tenantId?.toHexString() === tenantId.toLowerCase() ? toRecord(doc) : null;
    },
  };
}
