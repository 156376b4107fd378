import type { Collection, Db, Document } from "mongodb";
import { getLogger } from "@/lib/logger";
import { serialWrite } from "@/lib/storage/embedded/insert-batched";
import { dropGenerationsBefore, generationCollectionName, listGenerations } from "@/lib/storage/embedded/list-generations";
import { isDuplicateKey } from "@/lib/storage/errors";

// How often a process looks whether another writer has moved a window on.
const RECHECK_MS = 2_000;

type Current = { generation: number; entries: number; checkedAt: number };

/**
 * A closed generation, kept as one document of a shared history collection by a derived `_id`
 * (`<prefix>:<generation>`): what a log that pages back reads, one `_id` look-up per generation
 * (the one query FerretDB answers without a scan), instead of keeping every generation a collection.
 */
export type HistoryPage<T> = { _id: string; closedAt: Date; docs: T[] };

export type GenerationWindow<T extends Document> = {
  /**
   * Inserts `doc`, which holds `entries` entries (a page of several, or one), into the key's
   * current generation; once that holds `size` entries the next one is opened and those before the
   * previous are dropped. Call it in the database's single writer.
   */
  insert(key: string, doc: T, entries?: number): Promise<void>;
  /** Every document of the key's two newest generations (at least the newest `size` entries), any order. */
  read(key: string): Promise<T[]>;
  /** The key's newest generation, undefined when it has none. */
  newest(key: string): Promise<number | undefined>;
  /**
   * One generation's documents, any order: from its collection while it is one of the newest two,
   * then from its history page (as `history.slim` left them); null once neither holds it.
   */
  readGeneration(key: string, generation: number): Promise<T[] | null>;
  /** Deletes the history pages closed before `cutoff` (a scan, for the daily upkeep); how many went. */
  retireHistory(cutoff: Date): Promise<number>;
};

/**
 * The embedded adapter's one bounded window: a key's newest documents kept as generations of
 * collections (`<prefix>_g<n>`, list-generations.ts). FerretDB v1 reads a whole collection for any
 * query but one by `_id`, so a window is small collections read whole, and trimming it is dropping
 * its oldest generation — one statement, where a range delete would read all of it.
 */
/**
 * Keeps the collection `name` as the history page `_id`, through the single writer: written (again)
 * from the collection as it now is, before the collection is dropped. An empty or missing
 * collection keeps nothing.
 */
export async function keepHistoryPage<T extends Document>(
  db: Db,
  history: { collection: Collection<HistoryPage<T>>; slim: (doc: T) => T },
  name: string,
  _id: string,
): Promise<void> {
  const docs = (await db.collection(name).find({}).toArray()) as unknown as T[];
  if (docs.length === 0) return;
  const page = { closedAt: new Date(), docs: docs.map(history.slim) };
  await serialWrite(
    () => history.collection.replaceOne({ _id } as never, page as never, { upsert: true }),
    "upkeep",
    db.databaseName,
  ).catch((error: unknown) => (isDuplicateKey(error) ? undefined : Promise.reject(error)));
}

/** Deletes the history pages closed before `cutoff` (a scan of the pages, for the daily upkeep); how many went. */
export async function retireHistoryPages<T>(db: Db, pages: Collection<HistoryPage<T>>, cutoff: Date): Promise<number> {
  const { deletedCount } = await serialWrite(
    () => pages.deleteMany({ closedAt: { $lt: cutoff } } as never),
    "upkeep",
    db.databaseName,
  );
  return deletedCount;
}

export function createGenerationWindow<T extends Document>(
  db: Db,
  options: {
    size: number;
    prefix: (key: string) => string;
    /** Where closed generations are kept as pages, and what of each document is kept there. */
    history: { collection: Collection<HistoryPage<T>>; slim: (doc: T) => T };
  },
): GenerationWindow<T> {
  const { size, prefix, history } = options;
  const pageId = (key: string, generation: number) => `${prefix(key)}:${generation}`;

  const keepPage = (key: string, generation: number) =>
    keepHistoryPage(db, history, generationCollectionName(prefix(key), generation), pageId(key, generation));

  /**
   * After generation `full` closed: the generations before it are kept as history pages, then
   * dropped. A generation's page is written once, when it leaves the newest two (until then it is
   * read as a collection): by then a process that had not yet seen its close has added what it
   * would, and a stop before the drop only leaves it for the next close.
   */
  async function close(key: string, full: number): Promise<void> {
    for (const generation of await listGenerations(prefix(key), db)) if (generation < full) await keepPage(key, generation);
    await dropGenerationsBefore(prefix(key), full, db);
  }
  const collection = (key: string, generation: number) => db.collection<T>(generationCollectionName(prefix(key), generation));
  // The generation this process writes to, per key, and how many entries it holds.
  const current = new Map<string, Current>();

  /** Where the key's next document goes: continues the newest generation, counting what it holds. */
  async function currentGeneration(key: string): Promise<Current> {
    const known = current.get(key);
    if (known) {
      // Looked up beside the writer, not in its turn: this document goes where the process knew to put it.
      if (Date.now() - known.checkedAt >= RECHECK_MS) {
        known.checkedAt = Date.now();
        void listGenerations(prefix(key), db).then(
          ([newest]) => {
            if (newest !== undefined && newest > known.generation) Object.assign(known, { generation: newest, entries: 0 });
          },
          () => undefined,
        );
      }
      return known;
    }
    const newest = (await listGenerations(prefix(key), db))[0];
    const held =
      newest === undefined || newest < 0
        ? []
        : await collection(key, newest)
            .find({}, { projection: { count: 1 } })
            .toArray();
    const entries = held.reduce((sum, doc) => sum + (typeof doc.count === "number" ? doc.count : 1), 0);
    // A full newest generation was closed before a stop: the next one begins.
    const full = newest !== undefined && newest >= 0 && entries >= size;
    const state = {
      generation: full ? (newest as number) + 1 : Math.max(newest ?? 0, 0),
      entries: full ? 0 : entries,
      checkedAt: Date.now(),
    };
    current.set(key, state);
    return state;
  }

  return {
    async insert(key, doc, entries = 1) {
      const state = await currentGeneration(key);
      await collection(key, state.generation).insertOne(doc as never);
      state.entries += entries;
      if (state.entries < size) return;
      const full = state.generation;
      current.set(key, { generation: full + 1, entries: 0, checkedAt: Date.now() });
      // Queued behind the writer's current turn: holding it for the drop delayed the next inserts by
      // tens of milliseconds (npm run bench -- e2e-latency, p99).
      void close(key, full).catch((error: unknown) =>
        getLogger().warn({ err: error, window: prefix(key) }, "could not keep or drop a window's old generations"),
      );
    },
    async read(key) {
      const newest = (await listGenerations(prefix(key), db)).slice(0, 2);
      return (await Promise.all(newest.map((generation) => collection(key, generation).find({}).toArray()))).flat() as T[];
    },
    async newest(key) {
      return (await listGenerations(prefix(key), db))[0];
    },
    async readGeneration(key, generation) {
      const held = (await listGenerations(prefix(key), db)).includes(generation);
      const docs = held ? ((await collection(key, generation).find({}).toArray()) as T[]) : [];
      // Read after the collection: a generation's page is written before its collection is dropped,
      // so a collection found empty (dropped since the listing) has its page by now.
      const page = await history.collection.findOne({ _id: pageId(key, generation) } as never);
      if (!page) return held ? docs : null;
      // A collection dropped since the listing reads empty, and one made again by a late write
      // holds a few documents: the page's others stay listed.
      const fresh = new Set(docs.map((doc) => String(doc._id)));
      return [...docs, ...page.docs.filter((doc) => !fresh.has(String(doc._id)))];
    },
    retireHistory: (cutoff) => retireHistoryPages(db, history.collection, cutoff),
  };
}
