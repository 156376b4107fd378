import type { Model } from "mongoose";

type WriteError = { index: number; code?: number; errmsg?: string };
type Pending = { doc: Record<string, unknown>; resolve: () => void; reject: (error: unknown) => void };
type Queue = { items: Pending[]; scheduled: boolean };

const MAX_BATCH = 200;
const queues = new WeakMap<Model<never>, Queue>();
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
  const current = queue;
  return new Promise<void>((resolve, reject) => {
    current.items.push({ doc: plain, resolve, reject });
    if (!current.scheduled) {
      current.scheduled = true;
      writing = writing.then(() => flush(model, current));
    }
  });
}

function flush<T>(model: Model<T>, queue: Queue): Promise<void> {
  queue.scheduled = false;
  const batch = queue.items.splice(0, MAX_BATCH);
  if (queue.items.length > 0) {
    queue.scheduled = true;
    writing = writing.then(() => flush(model, queue));
  }
  if (batch.length === 0) return Promise.resolve();
  return model.collection
    .insertMany(
      batch.map((p) => p.doc),
      { ordered: false },
    )
    .then(
      () => {
        for (const p of batch) p.resolve();
      },
      (error: { writeErrors?: WriteError[] | WriteError }) => {
        const writeErrors =
          error.writeErrors === undefined ? null : Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        if (!writeErrors) {
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
