import { type Collection, type Db, type Document, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { type RejectionDocument, toRejectionRecord, toReplayableRejection } from "@/lib/storage/common/rejection-document";
import { createGenerationWindow } from "@/lib/storage/embedded/generation-window";
import { insertBatchedRaw, serialWrite } from "@/lib/storage/embedded/insert-batched";
import type { RejectedDeliveriesPort } from "@/lib/storage/ports/rejected-deliveries";

type Doc = RejectionDocument;

// The debugger reads a tenant's newest refusals from a small window of their own (copies, same
// `_id`, generation-window.ts): on FerretDB v1 any query but `{_id}` reads the whole collection,
// the archive of every tenant's refusals included.
const KEPT = 50;

const toRecord = toRejectionRecord;

// Same millisecond: the later ObjectId (a per-process counter) first.
const newestFirst = (a: Doc, b: Doc) =>
  new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime() || b._id.toHexString().localeCompare(a._id.toHexString());

const withoutBody = ({ rawBody: _rawBody, ...doc }: Doc): Doc => doc;

/** The archive (`rejected_deliveries`, inserts only) plus a bounded `rejections_<tenant>_g<n>` window per tenant. */
export function createEmbeddedRejectedDeliveries(db: Db): RejectedDeliveriesPort {
  const archive = db.collection<Doc>("rejected_deliveries");
  // An earlier version's single `rejections_<tenant>` collection is the window's generation −1.
  const window = createGenerationWindow<Doc>(db, { size: KEPT, prefix: (tenantId) => `rejections_${tenantId}` });
  const lane = db.databaseName;

  return {
    async record(tenantId, rejection) {
      const tenant = tenantId ? objectIdOf(tenantId) : null;
      const doc: Doc = { _id: new ObjectId(), tenantId: tenant, receivedAt: new Date(), ...rejection };
      // Through the single writer, in arrival order: a burst of refusals must not turn into competing
      // SQLite writers that finish out of order (the window keeps the newest by arrival).
      await Promise.all([
        insertBatchedRaw(archive as unknown as Collection<Document>, doc),
        // The window's copy leaves the whole body to the archive: the list never shows it.
        tenant && tenantId ? serialWrite(() => window.insert(tenantId, withoutBody(doc)), "effect", lane) : null,
      ]);
      return toRecord(doc);
    },
    async listRecent(tenantId, limit) {
      if (!objectIdOf(tenantId)) return [];
      const docs = await window.read(tenantId);
      return docs.sort(newestFirst).slice(0, limit).map(toRecord);
    },
    async find(tenantId, id) {
      const _id = objectIdOf(id);
      if (!_id || !objectIdOf(tenantId)) return null;
      // `{_id}` alone is what FerretDB answers without a scan; the tenant is compared here.
      const doc = await archive.findOne({ _id });
      return doc && doc.tenantId?.toHexString() === tenantId.toLowerCase() ? toReplayableRejection(doc) : null;
    },
  };
}
