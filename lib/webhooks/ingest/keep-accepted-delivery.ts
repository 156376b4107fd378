import { Types } from "mongoose";
import { serialWrite } from "@/lib/db/insert-batched";
import { getLogger } from "@/lib/logger";
import { type AcceptedDeliveryEntry, RECENT_DELIVERIES, recentAcceptedCollection } from "@/models/webhook-event";

type Pending = { entries: AcceptedDeliveryEntry[]; waiters: Array<() => void> };

const MAX_PAGE = RECENT_DELIVERIES;
const EXCERPT_BYTES = 4096;
// Entries this process writes for a tenant between two trims: the window never exceeds 50 + this + a page.
const TRIM_EVERY = 25;
// Per tenant: deliveries waiting for the writer, and entries written since this process last trimmed.
const pending = new Map<string, Pending>();
const sinceTrim = new Map<string, number>();

/**
 * Copies an accepted delivery into its tenant's recent window (models/webhook-event.ts). The
 * deliveries that queue up while the single writer is busy become one page, one insert. Best
 * effort: the archive in webhook_events is the durable record, so this resolves (never rejects)
 * once the page is written or the write failed and was logged.
 */
export function keepAcceptedDelivery(event: {
  _id: Types.ObjectId;
  tenantId: string;
  kind: string;
  deliveryId: string;
  dedupeKey: string;
  scheme: string;
  headers: Record<string, string>;
  rawBody: string;
  result: { status: number };
}): Promise<void> {
  const bytes = Buffer.byteLength(event.rawBody);
  const entry: AcceptedDeliveryEntry = {
    id: event._id.toHexString(),
    kind: event.kind,
    deliveryId: event.deliveryId,
    dedupeKey: event.dedupeKey,
    scheme: event.scheme,
    status: event.result.status,
    headers: event.headers,
    bodyExcerpt: bytes > EXCERPT_BYTES ? Buffer.from(event.rawBody).subarray(0, EXCERPT_BYTES).toString("utf8") : event.rawBody,
    bodyBytes: bytes,
    receivedAt: new Date(),
  };
  return new Promise<void>((resolve) => {
    const queued = pending.get(event.tenantId);
    if (queued) {
      queued.entries.push(entry);
      queued.waiters.push(resolve);
      return;
    }
    pending.set(event.tenantId, { entries: [entry], waiters: [resolve] });
    void serialWrite(() => writePage(event.tenantId));
  });
}

async function writePage(tenantId: string): Promise<void> {
  const page = pending.get(tenantId);
  if (!page) return;
  pending.delete(tenantId);
  // A burst larger than a page continues on the next one.
  if (page.entries.length > MAX_PAGE) {
    const rest = { entries: page.entries.splice(MAX_PAGE), waiters: page.waiters.splice(MAX_PAGE) };
    pending.set(tenantId, rest);
    void serialWrite(() => writePage(tenantId));
  }
  try {
    const newest = page.entries[page.entries.length - 1]?.receivedAt ?? new Date();
    await recentAcceptedCollection(tenantId).insertOne({
      _id: new Types.ObjectId(),
      receivedAt: newest,
      count: page.entries.length,
      entries: page.entries,
    });
  } catch (error) {
    getLogger().warn({ err: error, tenantId }, "could not keep accepted deliveries for the deliveries log");
  } finally {
    for (const resolve of page.waiters) resolve();
  }
  const written = (sinceTrim.get(tenantId) ?? 0) + page.entries.length;
  sinceTrim.set(tenantId, written);
  if (written >= TRIM_EVERY) {
    sinceTrim.delete(tenantId);
    // After the answers. The window is read beside the writer (a read needs no turn) and trimmed by
    // `_id`, one delete per turn of the writer: holding the writer for the whole trim delayed the next
    // deliveries' inserts by tens of milliseconds (npm run bench -- e2e-latency, p99).
    void trim(tenantId).catch((error: unknown) =>
      getLogger().warn({ err: error, tenantId }, "could not trim the accepted deliveries window"),
    );
  }
}

async function trim(tenantId: string): Promise<void> {
  const collection = recentAcceptedCollection(tenantId);
  const pages = await collection.find({}, { projection: { receivedAt: 1, count: 1 } }).toArray();
  pages.sort((a, b) => new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime());
  let kept = 0;
  const old: Types.ObjectId[] = [];
  for (const page of pages) {
    if (kept >= RECENT_DELIVERIES) old.push(page._id);
    else kept += page.count;
  }
  for (const _id of old) await serialWrite(() => collection.deleteOne({ _id }));
}
