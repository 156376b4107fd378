import { type Collection, type Db, type Document, ObjectId } from "mongodb";
import pLimit from "p-limit";
import { getLogger } from "@/lib/logger";
import { deliveryRecordId } from "@/lib/storage/common/delivery-record-id";
import { foundByRecordId } from "@/lib/storage/common/found-by-record-id";
import { matchesAcceptedQuery } from "@/lib/storage/common/inbound-log-search";
import { LOG_RETENTION_DAYS } from "@/lib/storage/common/log-retention";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { createGenerationWindow, type HistoryPage } from "@/lib/storage/embedded/generation-window";
import { insertBatchedRaw, serialWrite } from "@/lib/storage/embedded/insert-batched";
import { walkWindows } from "@/lib/storage/embedded/walk-windows";
import { isDuplicateKey } from "@/lib/storage/errors";
import { excerptOf } from "@/lib/storage/excerpt-of";
import type { AcceptedDeliveryRecord, DeliveryLogPort } from "@/lib/storage/ports/delivery-log";

// The deliveries log reads a tenant's newest accepted deliveries from small collections of their
// own: on FerretDB any query on the archive (`webhook_events`) reads all of it, every tenant's
// history included. Each document there is a page (the deliveries of one group commit), so the hot
// path adds one insert per batch, not one per delivery. Pages go to generations of WINDOW entries
// (`accepted_<tenant>_g<n>`); opening generation n drops those before n - 1, one statement where
// trimming one collection read all of it (the pages hold the bodies). The log reads the two newest.
// A source's deliveries go to its own window instead (`accepted_<tenant>_<source>_g<n>`), and the
// tenant's log reads its window and its sources' together.
const WINDOW = 50;
const MAX_PAGE = WINDOW;
// A source's window holds slim entries (below), so its generations can be larger: every new
// generation is a collection FerretDB creates, and a source's busy window opened one per 50
// deliveries beside its tenant's (npm run bench -- ingest --source shopify --n 2000).
const SOURCE_WINDOW = 250;
// Generations one page of the log reads at most (walk-windows.ts): a filter that matches nothing
// stops after this many and says where, rather than reading a tenant's whole history at once.
const PAGE_BUDGET = 40;

type Entry = Omit<AcceptedDeliveryRecord, "receivedAt"> & { receivedAt: Date };
// A source's own window keeps what its list shows at a glance; the headers and body a row opens to
// are read from the archive by `_id` when the list is asked for. Copying them into a second window
// cost more database time per delivery than the rest of a source's path (bench: ingest --source).
type SlimEntry = Omit<Entry, "headers" | "bodyExcerpt"> & Partial<Pick<Entry, "headers" | "bodyExcerpt">>;
type Page = { _id: ObjectId; receivedAt: Date; count: number; entries: SlimEntry[] };
type Pending = { entries: SlimEntry[]; waiters: Array<() => void> };

export function createEmbeddedDeliveryLog(db: Db): DeliveryLogPort & { retire(): Promise<number> } {
  const logDb = db.client.db(logDatabaseName(db.databaseName));
  const lane = logDb.databaseName;
  const archive = logDb.collection("webhook_events");
  // Keyed by tenant, and by tenant + source for a source's own log (`<tenant>_<source>`). Closed
  // generations become slim documents of `accepted_pages` (by a derived `_id`): what a page of the
  // log reaching back beyond the two newest generations reads, until the daily upkeep retires them.
  const history = { collection: logDb.collection<HistoryPage<Page>>("accepted_pages"), slim: slimPage };
  const tenantWindow = createGenerationWindow<Page>(logDb, { size: WINDOW, prefix: (key) => `accepted_${key}`, history });
  const sourceWindow = createGenerationWindow<Page>(logDb, {
    size: SOURCE_WINDOW,
    prefix: (key) => `accepted_${key}`,
    history,
  });
  // A source's key (`<tenant>_<source>`) is the only one with an underscore.
  const windowOf = (key: string) => (key.includes("_") ? sourceWindow : tenantWindow);
  // Per window key: deliveries waiting for the writer.
  const pending = new Map<string, Pending>();

  async function writePage(key: string): Promise<void> {
    const page = pending.get(key);
    if (!page) return;
    pending.delete(key);
    // A burst larger than a page continues on the next one.
    if (page.entries.length > MAX_PAGE) {
      pending.set(key, { entries: page.entries.splice(MAX_PAGE), waiters: page.waiters.splice(MAX_PAGE) });
      void serialWrite(() => writePage(key), "effect", lane);
    }
    try {
      const newest = page.entries[page.entries.length - 1]?.receivedAt ?? new Date();
      const doc = { _id: new ObjectId(), receivedAt: newest, count: page.entries.length, entries: page.entries };
      await windowOf(key).insert(key, doc, page.entries.length);
    } catch (error) {
      getLogger().warn({ err: error, window: key }, "could not keep accepted deliveries for the deliveries log");
    } finally {
      for (const resolve of page.waiters) resolve();
    }
  }

  /** The window copy: best effort, resolves once written or once its failure is logged. */
  function keepInWindow(key: string, entry: SlimEntry): Promise<void> {
    return new Promise<void>((resolve) => {
      const queued = pending.get(key);
      if (queued) {
        queued.entries.push(entry);
        queued.waiters.push(resolve);
        return;
      }
      pending.set(key, { entries: [entry], waiters: [resolve] });
      void serialWrite(() => writePage(key), "effect", lane);
    });
  }

  /** A source's deliveries are kept in its own window too, so its log does not drown in the tenant's. */
  const sourceKey = (tenantId: string, sourceId: string) => `${tenantId.toLowerCase()}_${sourceId.toLowerCase()}`;

  /** The window keys of every source that has kept deliveries for the tenant (removed ones included: their history stays listed). */
  async function sourceKeysOf(tenantId: string): Promise<string[]> {
    const tenant = tenantId.toLowerCase();
    const names = await logDb
      .listCollections({ name: { $regex: `^accepted_${tenant}_[0-9a-f]{24}_g\\d+$` } }, { nameOnly: true })
      .toArray();
    return [...new Set(names.map((c) => c.name.slice("accepted_".length).replace(/_g\d+$/, "")))];
  }

  /** One delivery from the archive, by `_id` alone (no scan on FerretDB); the tenant is compared here. */
  const find: DeliveryLogPort["find"] = async (tenantId, id) => {
    if (!/^[0-9a-f]{24}$/i.test(tenantId) || !/^[0-9a-f]{24}$/i.test(id)) return null;
    const doc = (await archive.findOne({ _id: new ObjectId(id) })) as
      | (AcceptedDeliveryRecord & { _id: ObjectId; tenantId: ObjectId; rawBody: string; result?: { status: number } })
      | null;
    if (!doc || doc.tenantId.toHexString() !== tenantId.toLowerCase()) return null;
    const { _id, tenantId: _tenant, result, ...fields } = doc;
    return {
      ...fields,
      id: _id.toHexString(),
      status: result?.status ?? 0,
      headers: fields.headers ?? {},
      ...(fields.bodyExcerpt === undefined ? excerptOf(fields.rawBody ?? "") : {}),
      rawBody: fields.rawBody ?? "",
    };
  };

  return {
    async record(tenantId, delivery, options = {}) {
      if (!/^[0-9a-f]{24}$/i.test(tenantId)) return { recorded: false };
      const _id = deliveryRecordId(tenantId, options.once);
      const receivedAt = new Date();
      const excerpt = excerptOf(delivery.rawBody);
      // The archive keeps the whole body: an excerpt that is all of it is not stored twice (find()
      // takes it from the body), which the database would otherwise convert and write on every delivery.
      const stored = excerpt.bodyExcerpt === delivery.rawBody ? { bodyBytes: excerpt.bodyBytes } : excerpt;
      const doc = { _id, tenantId: new ObjectId(tenantId), ...delivery, ...stored, receivedAt };
      const { rawBody: _raw, result, ...shown } = delivery;
      const entry: Entry = { id: _id.toHexString(), ...shown, status: result.status, ...excerpt, receivedAt };
      // Each delivery is kept in one window: its source's (slim: platforms' bodies and headers are
      // two to three times our own format's, and the archive holds them), or the tenant's own. A
      // second copy in the tenant's window cost a source's delivery a tenth of its throughput
      // (npm run bench -- ingest --source shopify); the tenant's list merges the windows instead.
      const window = () =>
        delivery.source ? keepInWindow(sourceKey(tenantId, delivery.source.id), slim(entry)) : keepInWindow(tenantId, entry);
      // A record kept once is listed once: its window copy waits for the archive to take it.
      if (options.once) {
        const archived = await insertBatchedRaw(archive as Collection<Document>, doc).then(
          () => true,
          (error: unknown) => (isDuplicateKey(error) ? false : Promise.reject(error)),
        );
        if (archived) await window();
        return { recorded: archived };
      }
      await Promise.all([
        // A database of an earlier version keeps one archive copy per delivery id (its unique index,
        // retired by migration 002): the window below still lists the retry.
        insertBatchedRaw(archive as Collection<Document>, doc).catch((error: unknown) =>
          isDuplicateKey(error) ? undefined : Promise.reject(error),
        ),
        window(),
      ]);
      return { recorded: true };
    },
    find,
    findForEvent: (tenantId, event) => find(tenantId, deliveryRecordId(tenantId, event).toHexString()),
    async list(tenantId, query) {
      const { sourceId } = query;
      if (!/^[0-9a-f]{24}$/i.test(tenantId)) return { deliveries: [], next: null };
      if (sourceId !== undefined && !/^[0-9a-f]{24}$/i.test(sourceId)) return { deliveries: [], next: null };
      const keys = sourceId === undefined ? [tenantId, ...(await sourceKeysOf(tenantId))] : [sourceKey(tenantId, sourceId)];
      const byId = await foundByRecordId(
        query,
        (id) => find(tenantId, id),
        (r) => matchesAcceptedQuery(r, query),
      );
      if (byId) return byId;
      const walked = await walkWindows<SlimEntry>({
        keys,
        newest: (key) => windowOf(key).newest(key),
        read: async (key, generation) =>
          (await windowOf(key).readGeneration(key, generation))?.flatMap((page) =>
            page.entries.map((entry) => ({ ...entry, receivedAt: new Date(entry.receivedAt) })),
          ) ?? null,
        match: (entry) => matchesAcceptedQuery(entry, query),
        query,
        budget: PAGE_BUDGET,
      });
      // The archive look-ups, a few at a time.
      const lookups = pLimit(8);
      const opened = await Promise.all(
        walked.entries.map((entry) =>
          lookups(async () => {
            // A slim entry (a source's window, a history page) opens to the archived delivery; empty when it is gone.
            const full =
              entry.bodyExcerpt === undefined
                ? ((await find(tenantId, entry.id).catch(() => null)) ?? { headers: {}, bodyExcerpt: "" })
                : entry;
            return {
              ...entry,
              headers: full.headers ?? {},
              bodyExcerpt: full.bodyExcerpt ?? "",
              bodyBytes: entry.bodyBytes ?? 0,
              receivedAt: new Date(entry.receivedAt),
            };
          }),
        ),
      );
      return { deliveries: opened, next: walked.next };
    },
    async retire() {
      const cutoff = new Date(Date.now() - LOG_RETENTION_DAYS * 86_400_000);
      // One collection of pages for both kinds of window.
      return tenantWindow.retireHistory(cutoff);
    },
  };
}

function slim({ headers: _headers, bodyExcerpt: _excerpt, ...entry }: Entry | SlimEntry): SlimEntry {
  return entry;
}

/** A closed generation's page as its history keeps it: the entries slim, their headers and bodies left to the archive. */
function slimPage(page: Page): Page {
  return { ...page, entries: page.entries.map(slim) };
}
