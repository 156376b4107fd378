import { Types } from "mongoose";
import { serialWrite } from "@/lib/db/insert-batched";
import { logConnection } from "@/lib/db/log-database";
import { getLogger } from "@/lib/logger";
import {
  type AcceptedDeliveryEntry,
  acceptedWindowGenerations,
  dropAcceptedWindowsBefore,
  RECENT_DELIVERIES,
  recentAcceptedCollection,
} from "@/models/webhook-event";

type Pending = { entries: AcceptedDeliveryEntry[]; waiters: Array<() => void> };

const MAX_PAGE = RECENT_DELIVERIES;
const EXCERPT_BYTES = 4096;
// Per tenant: deliveries waiting for the writer, and the generation this process writes pages to
// with the entries it holds (models/webhook-event.ts).
const pending = new Map<string, Pending>();
const generations = new Map<string, { generation: number; entries: number; checkedAt: number }>();

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
    void serialWrite(() => writePage(event.tenantId), "effect", logConnection().name);
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
    void serialWrite(() => writePage(tenantId), "effect", logConnection().name);
  }
  let full: number | null = null;
  try {
    const newest = page.entries[page.entries.length - 1]?.receivedAt ?? new Date();
    const current = await currentGeneration(tenantId);
    await recentAcceptedCollection(tenantId, current.generation).insertOne({
      _id: new Types.ObjectId(),
      receivedAt: newest,
      count: page.entries.length,
      entries: page.entries,
    });
    current.entries += page.entries.length;
    if (current.entries >= RECENT_DELIVERIES) {
      full = current.generation;
      generations.set(tenantId, { generation: full + 1, entries: 0, checkedAt: Date.now() });
    }
  } catch (error) {
    getLogger().warn({ err: error, tenantId }, "could not keep accepted deliveries for the deliveries log");
  } finally {
    for (const resolve of page.waiters) resolve();
  }
  // After the answers, one drop per turn of the writer: holding it for longer delayed the next
  // deliveries' inserts by tens of milliseconds (npm run bench -- e2e-latency, p99).
  if (full !== null) {
    void dropAcceptedWindowsBefore(tenantId, full).catch((error: unknown) =>
      getLogger().warn({ err: error, tenantId }, "could not trim the accepted deliveries window"),
    );
  }
}

// How often a process looks whether another server has moved the tenant's window on.
const RECHECK_MS = 2_000;

/**
 * Where this process adds the tenant's next page. On first use it continues the newest generation,
 * counting what that holds, so every generation but the newest is full and the two newest always
 * hold the window. With several servers each counts its own pages; every RECHECK_MS a process
 * moves up to a newer generation another one opened, so its pages are never long in one the log
 * no longer reads (the archive in webhook_events keeps everything regardless).
 */
async function currentGeneration(tenantId: string): Promise<{ generation: number; entries: number; checkedAt: number }> {
  const known = generations.get(tenantId);
  if (known) {
    // Looked up beside the writer, not in its turn: this page goes where the process knew to put it.
    if (Date.now() - known.checkedAt >= RECHECK_MS) {
      known.checkedAt = Date.now();
      void acceptedWindowGenerations(tenantId).then(
        ([newest]) => {
          if (newest !== undefined && newest > known.generation) Object.assign(known, { generation: newest, entries: 0 });
        },
        () => undefined,
      );
    }
    return known;
  }
  const newest = (await acceptedWindowGenerations(tenantId))[0];
  const pages =
    newest === undefined || newest < 0
      ? []
      : await recentAcceptedCollection(tenantId, newest)
          .find({}, { projection: { count: 1 } })
          .toArray();
  const current = {
    generation: Math.max(newest ?? 0, 0),
    entries: pages.reduce((sum, p) => sum + p.count, 0),
    checkedAt: Date.now(),
  };
  generations.set(tenantId, current);
  return current;
}
