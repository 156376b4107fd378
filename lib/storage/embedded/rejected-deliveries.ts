import { type Collection, type Db, type Document, ObjectId } from "mongodb";
import { foundByRecordId } from "@/lib/storage/common/found-by-record-id";
import { matchesRejectionQuery, rejectionSearchKeys } from "@/lib/storage/common/inbound-log-search";
import { LOG_RETENTION_DAYS } from "@/lib/storage/common/log-retention";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { type RejectionDocument, toRejectionRecord, toReplayableRejection } from "@/lib/storage/common/rejection-document";
import { createGenerationWindow, type HistoryPage } from "@/lib/storage/embedded/generation-window";
import { insertBatchedRaw, serialWrite } from "@/lib/storage/embedded/insert-batched";
import { walkWindows } from "@/lib/storage/embedded/walk-windows";
import type { RejectedDeliveriesPort } from "@/lib/storage/ports/rejected-deliveries";

type Doc = RejectionDocument;

// The debugger reads a tenant's newest refusals from a small window of their own (copies, same
// `_id`, generation-window.ts): on FerretDB v1 any query but `{_id}` reads the whole collection,
// the archive of every tenant's refusals included.
const KEPT = 50;
// Generations a page of the debugger reads at most: a filter that matches nothing reads no more than
// this many of a tenant's refusals per request, and its cursor says where it stopped (walk-windows.ts).
const PAGE_BUDGET = 40;

const toRecord = toRejectionRecord;

const withoutBody = ({ rawBody: _rawBody, ...doc }: Doc): Doc => doc;
// A history page keeps what the list filters on; the headers and excerpt are read from the archive.
function slim(doc: Doc): Doc {
  const { rawBody: _rawBody, headers, bodyExcerpt: _excerpt, ...rest } = doc;
  return { ...rest, keys: doc.keys ?? rejectionSearchKeys(headers) } as Doc;
}

/** The archive (`rejected_deliveries`, inserts only) plus a bounded `rejections_<tenant>_g<n>` window per tenant. */
export function createEmbeddedRejectedDeliveries(db: Db): RejectedDeliveriesPort & { retire(): Promise<number> } {
  const archive = db.collection<Doc>("rejected_deliveries");
  // An earlier version's single `rejections_<tenant>` collection is the window's generation −1.
  // Closed generations go to `rejection_pages` (one document each, by a derived `_id`) for the pages
  // that reach back beyond the window, until the daily upkeep retires them.
  const window = createGenerationWindow<Doc>(db, {
    size: KEPT,
    prefix: (tenantId) => `rejections_${tenantId}`,
    history: { collection: db.collection<HistoryPage<Doc>>("rejection_pages"), slim },
  });
  const lane = db.databaseName;

  const find: RejectedDeliveriesPort["find"] = async (tenantId, id) => {
    const _id = objectIdOf(id);
    if (!_id || !objectIdOf(tenantId)) return null;
    // `{_id}` alone is what FerretDB answers without a scan; the tenant is compared here.
    const doc = await archive.findOne({ _id });
    return doc && doc.tenantId?.toHexString() === tenantId.toLowerCase() ? toReplayableRejection(doc) : null;
  };
  return {
    async record(tenantId, rejection) {
      const tenant = tenantId ? objectIdOf(tenantId) : null;
      const doc: Doc = {
        _id: new ObjectId(),
        tenantId: tenant,
        receivedAt: new Date(),
        ...rejection,
        keys: rejectionSearchKeys(rejection.headers),
      };
      // Through the single writer, in arrival order: a burst of refusals must not turn into competing
      // SQLite writers that finish out of order (the window keeps the newest by arrival).
      await Promise.all([
        insertBatchedRaw(archive as unknown as Collection<Document>, doc),
        // The window's copy leaves the whole body to the archive: the list never shows it.
        tenant && tenantId ? serialWrite(() => window.insert(tenantId, withoutBody(doc)), "effect", lane) : null,
      ]);
      return toRecord(doc);
    },
    async list(tenantId, query) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return { deliveries: [], next: null };
      const key = tenantId.toLowerCase();
      type Entry = Doc & { id: string };
      const entry = (doc: Doc): Entry => ({ ...doc, id: doc._id.toHexString(), receivedAt: new Date(doc.receivedAt) });
      const byId = await foundByRecordId(
        query,
        (id) => find(tenantId, id),
        (r) => matchesRejectionQuery(r, query),
      );
      if (byId) return byId;
      const walked = await walkWindows<Entry>({
        keys: [key],
        newest: (k) => window.newest(k),
        read: async (k, generation) => (await window.readGeneration(k, generation))?.map(entry) ?? null,
        match: (doc) => matchesRejectionQuery(doc, query),
        query,
        budget: PAGE_BUDGET,
      });
      // Entries from history pages open to the archived refusal (headers, excerpt) by `_id`.
      const opened = await Promise.all(
        walked.entries.map(async (doc) => {
          if (doc.headers !== undefined) return toRecord(doc);
          const archived = await archive.findOne({ _id: doc._id }, { projection: { rawBody: 0 } });
          return toRecord(archived ?? { ...doc, headers: {}, bodyExcerpt: "" });
        }),
      );
      return { deliveries: opened, next: walked.next };
    },
    find,
    async retire() {
      return window.retireHistory(new Date(Date.now() - LOG_RETENTION_DAYS * 86_400_000));
    },
  };
}
