import type { Collection, Document } from "mongodb";
import type { Model } from "mongoose";
import { writeErrorsOf } from "@/lib/errors-db";

type Pending = { doc: Record<string, unknown>; resolve: () => void; reject: (error: unknown) => void };
type Queue = { items: Pending[]; scheduled: boolean };

const MAX_BATCH = 200;
// Keyed by model, or by collection name for the raw per-tenant collections (insertBatchedRaw).
const queues = new WeakMap<Model<never>, Queue>();
const rawQueues = new Map<string, Queue>();
// One flush in flight at a time: SQLite (under FerretDB) has a single writer, and concurrent write
// transactions only meet in its busy-retry backoff. Items queued meanwhile form the next, larger batch.
let writing: Promise<void> = Promise.resolve();

/** Runs a write in the same single file as the group commits (see above). */
export function serialWrite<T>(write: () => Promise<T>): Promise<T> {
  const run = writing.then(write);
  writing = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

/**
 * Group commit: inserts for one collection that queue up while the single writer is busy are
 * written with one unordered insertMany (one SQLite transaction on the embedded database instead
 * of one each); an idle writer takes the first one at once.
 * Every caller still gets its own outcome: resolve once durable, or its own error (a
 * duplicate-key error keeps code 11000, so exactly-once logic is unchanged).
 */
// `doc` is raw input: `new model(doc)` casts it (string ids, subdocuments) exactly as create() would.
export async function insertBatched<T>(model: Model<T>, doc: Record<string, unknown>): Promise<void> {
  // Cast, defaults and timestamps as the model declares them, on the plain object: hydrating a
  // mongoose document and validating it cost ~1.2 ms of CPU per event on the ingest path
  // (docs/benchmarks.md). Callers insert only what their zod schemas validated or their own
  // code built; a value that does not cast still throws here.
  const plain = model.castObject(doc) as Record<string, unknown>;
  model.applyDefaults(plain);
  model.applyTimestamps(plain);
  const key = model as unknown as Model<never>;
  let queue = queues.get(key);
  if (!queue) {
    queue = { items: [], scheduled: false };
    queues.set(key, queue);
  }
  return enqueue(model.collection as unknown as Collection<Document>, queue, plain);
}

/**
 * The same group commit for a raw driver collection (the small per-tenant read models): `doc` is
 * stored as given, so the caller builds it completely (`_id`, dates as Date).
 */
export function insertBatchedRaw<T extends Document>(typed: Collection<T>, doc: T): Promise<void> {
  const collection = typed as unknown as Collection<Document>;
  let queue = rawQueues.get(collection.collectionName);
  if (!queue) {
    queue = { items: [], scheduled: false };
    rawQueues.set(collection.collectionName, queue);
  }
  return enqueue(collection, queue, doc);
}

function enqueue(collection: Collection<Document>, queue: Queue, doc: Record<string, unknown>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    queue.items.push({ doc, resolve, reject });
    if (!queue.scheduled) {
      queue.scheduled = true;
      writing = writing.then(() => flush(collection, queue));
    }
  });
}

function flush(collection: Collection<Document>, queue: Queue): Promise<void> {
  queue.scheduled = false;
  const batch = queue.items.splice(0, MAX_BATCH);
  if (queue.items.length > 0) {
    queue.scheduled = true;
    writing = writing.then(() => flush(collection, queue));
  } else if (rawQueues.get(collection.collectionName) === queue) {
    rawQueues.delete(collection.collectionName); // per-day collections come and go: keep no idle queues
  }
  if (batch.length === 0) return Promise.resolve();
  return collection
    .insertMany(
      batch.map((p) => p.doc),
      { ordered: false },
    )
    .then(
      () => {
        for (const p of batch) p.resolve();
      },
      (error: unknown) => {
        const writeErrors = writeErrorsOf(error);
        if (writeErrors.length === 0) {
          for (const p of batch) p.reject(error);
          return;
        }
        const failed = new Map(writeErrors.map((w) => [w.index, w]));
        batch.forEach((p, index) => {
          const failure = failed.get(index);
          if (failure) p.reject(Object.assign(new Error(failure.errmsg ?? "write failed"), { code: failure.code }));
          else p.resolve();
        });
      },
    );
}
