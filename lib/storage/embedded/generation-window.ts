import type { Db, Document } from "mongodb";
import { getLogger } from "@/lib/logger";
import { dropGenerationsBefore, generationCollectionName, listGenerations } from "@/lib/storage/embedded/list-generations";

// How often a process looks whether another writer has moved a window on.
const RECHECK_MS = 2_000;

type Current = { generation: number; entries: number; checkedAt: number };

export type GenerationWindow<T extends Document> = {
  /**
   * Inserts `doc`, which holds `entries` entries (a page of several, or one), into the key's
   * current generation; once that holds `size` entries the next one is opened and those before the
   * previous are dropped. Call it in the database's single writer.
   */
  insert(key: string, doc: T, entries?: number): Promise<void>;
  /** Every document of the key's two newest generations (at least the newest `size` entries), any order. */
  read(key: string): Promise<T[]>;
};

/**
 * The embedded adapter's one bounded window: a key's newest documents kept as generations of
 * collections (`<prefix>_g<n>`, list-generations.ts). FerretDB v1 reads a whole collection for any
 * query but one by `_id`, so a window is small collections read whole, and trimming it is dropping
 * its oldest generation — one statement, where a range delete would read all of it.
 */
export function createGenerationWindow<T extends Document>(
  db: Db,
  options: { size: number; prefix: (key: string) => string },
): GenerationWindow<T> {
  const { size, prefix } = options;
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
    const state = {
      generation: Math.max(newest ?? 0, 0),
      entries: held.reduce((sum, doc) => sum + (typeof doc.count === "number" ? doc.count : 1), 0),
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
      void dropGenerationsBefore(prefix(key), full, db).catch((error: unknown) =>
        getLogger().warn({ err: error, window: prefix(key) }, "could not drop a window's old generations"),
      );
    },
    async read(key) {
      const newest = (await listGenerations(prefix(key), db)).slice(0, 2);
      return (await Promise.all(newest.map((generation) => collection(key, generation).find({}).toArray()))).flat() as T[];
    },
  };
}
