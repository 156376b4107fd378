import type { Collection, Db, Document } from "mongodb";
import { getLogger } from "@/lib/logger";
import { outboundKey, outboundRuntime } from "@/lib/outbound/outbound-runtime";
import { type HistoryPage, keepHistoryPage, retireHistoryPages } from "@/lib/storage/embedded/generation-window";
import { insertBatchedRaw, serialWrite } from "@/lib/storage/embedded/insert-batched";
import { dropGenerationsBefore, generationCollectionName, listGenerations } from "@/lib/storage/embedded/list-generations";
import { isDuplicateKey } from "@/lib/storage/errors";
import type { AttemptToRecord, DeliveryStatus, OutboundDeliveryRecord } from "@/lib/storage/ports/outbound";

// Each endpoint's recent deliveries (with their attempts) live in small collections of their own,
// one per generation of WINDOW deliveries: delivery k (an endpoint-wide sequence in the outbound
// Redis) goes to generation ⌊(k−1)/WINDOW⌋, and opening generation g drops every one before g−1.
// On the embedded database every query but one by `_id` reads a whole collection, so trimming a
// single window cost two scans of it (find the oldest, delete them) — more than the inserts. A
// drop costs one statement; reads look at the two newest generations only. Each document is
// written only by the job delivering it, one attempt at a time, by its exact `_id`.
const WINDOW = 100;
// How many history pages a look-up of one delivery by id reads back at most (a resend of an old one).
const FIND_PAGES = 60;
// A kept generation holds each delivery's body up to this size (a resend needs it): 100 deliveries
// with their attempts stay well under a document's 16 MB; a larger body is not kept past the window.
const PAGE_BODY_LIMIT = 64 * 1024;

type DeliveryDoc = {
  _id: string;
  tenantId: string;
  endpointId: string;
  url: string;
  body: string | null;
  eventIds: string[];
  eventTypes: string[];
  status: DeliveryStatus;
  attempts: OutboundDeliveryRecord["attempts"];
  createdAt: Date;
  updatedAt: Date;
};

export type OutboundLog = {
  record(tenantId: string, endpointId: string, items: AttemptToRecord[], first: boolean): Promise<void>;
  /** The endpoint's newest generation; undefined when it has none. */
  newest(endpointId: string): Promise<number | undefined>;
  /** One generation's deliveries (any order): its collection while it is one, then its history page; null once neither. */
  readGeneration(endpointId: string, generation: number): Promise<OutboundDeliveryRecord[] | null>;
  find(endpointId: string, deliveryId: string): Promise<OutboundDeliveryRecord | null>;
  /** Retires the endpoint's log: every generation, its history pages and its sequence. */
  drop(endpointId: string): Promise<void>;
  /** Deletes history pages closed before `cutoff` (the daily upkeep). */
  retire(cutoff: Date): Promise<number>;
};

const withoutId = ({ _id: _ignored, ...doc }: DeliveryDoc) => doc;

const toRecord = (doc: DeliveryDoc): OutboundDeliveryRecord => ({
  id: String(doc._id),
  tenantId: String(doc.tenantId),
  endpointId: String(doc.endpointId),
  url: doc.url,
  body: typeof doc.body === "string" ? doc.body : null,
  eventIds: doc.eventIds,
  eventTypes: doc.eventTypes,
  status: doc.status,
  attempts: doc.attempts.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
  createdAt: new Date(doc.createdAt),
  updatedAt: new Date(doc.updatedAt),
});

/** The embedded adapter's delivery log: per-endpoint generations, group-committed first attempts. */
export function createOutboundLog(db: Db): OutboundLog {
  const lane = db.databaseName;
  const prefixOf = (endpointId: string) => `outbound_deliveries_${endpointId}`;
  // The bare prefix is generation −1: the single collection earlier versions kept.
  const collection = (endpointId: string, generation: number) =>
    db.collection<DeliveryDoc>(generationCollectionName(prefixOf(endpointId), generation));
  const sequenceKey = (endpointId: string) => outboundKey("seq", endpointId);

  /** The endpoint's generations, newest first. */
  const generations = (endpointId: string) => listGenerations(prefixOf(endpointId), db);
  // A generation about to be dropped is kept first, whole (a resend needs the body), as one
  // document of `outbound_pages` by a derived `_id`: what a page of the log reaching further back reads.
  const pages = db.collection<HistoryPage<DeliveryDoc>>("outbound_pages");
  const history = {
    collection: pages,
    slim: (doc: DeliveryDoc) =>
      typeof doc.body === "string" && doc.body.length > PAGE_BODY_LIMIT ? { ...doc, body: null } : doc,
  };
  const pageId = (endpointId: string, generation: number) => `${prefixOf(endpointId)}:${generation}`;
  async function dropBefore(endpointId: string, keep: number): Promise<void> {
    for (const generation of await generations(endpointId))
      if (generation < keep)
        // Written again from the collection as it is now (a late attempt may have changed it);
        // a failure is logged and the drop goes on, so the window stays bounded.
        await keepHistoryPage(
          db,
          history,
          generationCollectionName(prefixOf(endpointId), generation),
          pageId(endpointId, generation),
        ).catch((error: unknown) =>
          getLogger().warn({ err: error, endpointId, generation }, "could not keep a delivery log generation"),
        );
    await dropGenerationsBefore(prefixOf(endpointId), keep, db);
  }
  async function readGeneration(endpointId: string, generation: number): Promise<DeliveryDoc[] | null> {
    const known = await generations(endpointId);
    const held = known.includes(generation);
    const [docs, page] = await Promise.all([
      held ? collection(endpointId, generation).find({}).toArray() : Promise.resolve([]),
      pages.findOne({ _id: pageId(endpointId, generation) }),
    ]);
    if (page) {
      // A collection made again by a late write holds a few rows: the page's others stay listed.
      const fresh = new Set(docs.map((doc) => doc._id));
      return [...docs, ...page.docs.filter((doc) => !fresh.has(doc._id))];
    }
    if (held) return docs;
    // A generation number skipped (the sequence moved on past a lost one): older ones may follow.
    return known.some((g) => g < generation) ? [] : null;
  }

  /** The page that keeps the delivery, searching back from the generations before the newest two. */
  async function pageHolding(endpointId: string, deliveryId: string) {
    const from = ((await generations(endpointId))[0] ?? 0) - 2;
    for (let generation = from; generation >= Math.max(-1, from - FIND_PAGES); generation--) {
      const page = await pages.findOne({ _id: pageId(endpointId, generation) });
      if (page?.docs.some((d) => d._id === deliveryId)) return page;
    }
    return null;
  }

  /**
   * Moves the endpoint's delivery sequence on by `by`, in the outbound Redis (one INCRBY, atomic
   * whoever counts); null when Redis cannot be reached, and the delivery goes to the newest generation.
   */
  async function advance(endpointId: string, by: number): Promise<number | null> {
    const runtime = outboundRuntime();
    if (!runtime) return null;
    return runtime.redis.incrby(sequenceKey(endpointId), by).catch(() => null);
  }

  // The newest generation this process has seen per endpoint: read once, then kept up to date here.
  const newestSeen = new Map<string, number>();

  /**
   * Sequence numbers that land in a generation older than the two the log shows mean the outbound
   * Redis lost (or went back on) the sequence: it is moved on past the generations that exist, and
   * this group with it, so new deliveries stay the newest.
   */
  async function aheadOfTheWindow(endpointId: string, sequences: number[]): Promise<number[]> {
    let newest = newestSeen.get(endpointId);
    if (newest === undefined) {
      newest = (await generations(endpointId))[0] ?? -1;
      newestSeen.set(endpointId, newest);
    }
    const lowest = Math.min(...sequences);
    if (newest < 1 || Math.floor((lowest - 1) / WINDOW) >= newest - 1) return sequences;
    const by = (newest + 1) * WINDOW;
    const moved = await advance(endpointId, by);
    return moved === null ? sequences : sequences.map((sequence) => sequence + by);
  }

  /** The generation a new delivery goes to; the first delivery of a generation drops every one before the previous. */
  async function generationFor(endpointId: string, sequence: number | null): Promise<number> {
    if (sequence === null) return (await generations(endpointId))[0] ?? 0;
    const position = sequence - 1;
    const generation = Math.floor(position / WINDOW);
    if (generation > (newestSeen.get(endpointId) ?? -1)) newestSeen.set(endpointId, generation);
    if (position % WINDOW === 0 && generation > 0) {
      await dropBefore(endpointId, generation - 1).catch((error: unknown) =>
        getLogger().warn({ err: error, endpointId }, "could not trim a delivery log"),
      );
    }
    return generation;
  }

  const fixedFields = (tenantId: string, endpointId: string, delivery: AttemptToRecord["delivery"], now: Date) => ({
    tenantId,
    endpointId,
    url: delivery.url,
    body: delivery.body,
    eventIds: delivery.eventIds,
    eventTypes: delivery.eventTypes,
    createdAt: now,
  });

  /** Group commit through the single writer; false when the delivery's document exists already. */
  function insertFirst(target: Collection<DeliveryDoc>, doc: DeliveryDoc): Promise<boolean> {
    return insertBatchedRaw(target as unknown as Collection<Document>, doc as unknown as Document).then(
      () => true,
      (error: unknown) => {
        if (isDuplicateKey(error)) return false;
        throw error;
      },
    );
  }

  /**
   * A later attempt (or a first one repeated after a crash): its document is in one of the two
   * generations a listing shows, or it has aged out of the window and starts again in the newest.
   */
  async function append(tenantId: string, endpointId: string, { delivery, attempt, status }: AttemptToRecord, now: Date) {
    const newest = (await generations(endpointId)).slice(0, 2);
    let generation = newest[0] ?? 0;
    for (const candidate of newest) {
      if (await collection(endpointId, candidate).findOne({ _id: delivery.id }, { projection: { _id: 1 } })) {
        generation = candidate;
        break;
      }
    }
    const inWindow = await collection(endpointId, generation).findOne({ _id: delivery.id }, { projection: { _id: 1 } });
    // Aged out of the window into a kept page: moved, whole, into the newest generation (its
    // creation and earlier attempts kept), and out of the page, so it is listed once, as it now is.
    const page = inWindow ? null : await pageHolding(endpointId, delivery.id);
    const earlier = page?.docs.find((d) => d._id === delivery.id);
    if (page && earlier) {
      await serialWrite(
        async () => {
          await collection(endpointId, generation).updateOne(
            { _id: delivery.id },
            { $setOnInsert: { ...withoutId(earlier), attempts: [...earlier.attempts, attempt], status, updatedAt: now } },
            { upsert: true },
          );
          await pages.updateOne({ _id: page._id }, { $set: { docs: page.docs.filter((d) => d._id !== delivery.id) } });
        },
        "effect",
        lane,
      );
      return;
    }
    await serialWrite(
      () =>
        collection(endpointId, generation).updateOne(
          { _id: delivery.id },
          {
            $setOnInsert: fixedFields(tenantId, endpointId, delivery, now),
            $set: { status, updatedAt: now },
            $push: { attempts: attempt },
          },
          { upsert: true },
        ),
      "effect",
      lane,
    );
  }

  return {
    async record(tenantId, endpointId, items, first) {
      const now = new Date();
      let later = items;
      if (first && items.length > 0) {
        const last = await advance(endpointId, items.length);
        const counted = last === null ? null : Array.from({ length: items.length }, (_, i) => last - items.length + 1 + i);
        const sequences = counted ? await aheadOfTheWindow(endpointId, counted) : null;
        const placed: number[] = [];
        for (const index of items.keys()) placed.push(await generationFor(endpointId, sequences?.[index] ?? null));
        // Queued in one turn, so they share one insertMany per generation.
        const inserted = await Promise.all(
          items.map(({ delivery, attempt, status }, index) =>
            insertFirst(collection(endpointId, placed[index] ?? 0), {
              _id: delivery.id,
              ...fixedFields(tenantId, endpointId, delivery, now),
              status,
              updatedAt: now,
              attempts: [attempt],
            }),
          ),
        );
        later = items.filter((_, index) => !inserted[index]);
      }
      for (const item of later) await append(tenantId, endpointId, item, now);
    },
    async newest(endpointId) {
      return (await generations(endpointId))[0];
    },
    async readGeneration(endpointId, generation) {
      return (await readGeneration(endpointId, generation))?.map(toRecord) ?? null;
    },
    async find(endpointId, deliveryId) {
      const known = await generations(endpointId);
      for (const generation of known.slice(0, 2)) {
        // `{_id}` alone: the one filter the embedded database answers without a scan.
        const doc = await collection(endpointId, generation).findOne({ _id: deliveryId });
        if (doc) return toRecord(doc);
      }
      // Older: the kept pages, newest first, one `_id` look-up each.
      const doc = (await pageHolding(endpointId, deliveryId))?.docs.find((d) => d._id === deliveryId);
      if (doc) return toRecord(doc);
      return null;
    },
    async drop(endpointId) {
      const newest = (await generations(endpointId))[0] ?? 0;
      await dropGenerationsBefore(prefixOf(endpointId), Number.POSITIVE_INFINITY, db);
      // A removed endpoint's history goes with it: its pages by their derived ids.
      const ids = Array.from({ length: newest + 2 }, (_, i) => pageId(endpointId, i - 1));
      for (let at = 0; at < ids.length; at += 500)
        await serialWrite(() => pages.deleteMany({ _id: { $in: ids.slice(at, at + 500) } }), "upkeep", lane);
      newestSeen.delete(endpointId);
      await outboundRuntime()
        ?.redis.del(sequenceKey(endpointId))
        .catch(() => undefined);
    },
    retire: (cutoff) => retireHistoryPages(db, pages, cutoff),
  };
}
