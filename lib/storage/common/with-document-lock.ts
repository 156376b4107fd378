// FerretDB v1 applies an update by reading the document and writing it back, so two updates of one
// document at the same moment can both match their filter and one is lost (a payment missing from
// an order's list, a read-state compare-and-set that two writers both win). A change made through
// this per-document queue waits for the changes queued before it in this process. It is what keeps
// the embedded adapter correct (one process by design) and the mongodb adapter's compare-and-set
// honest when its tests run it on FerretDB; MongoDB's own single-document updates are atomic,
// across processes too, so there the queue only orders this process's writes.
const queues = new Map<string, Promise<unknown>>();

/** Runs `change` after the changes to the same document (`key`) queued before it in this process. */
export function withDocumentLock<T>(key: string, change: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(change, change);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}
