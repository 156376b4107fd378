// FerretDB v1 applies an update by reading the document and writing it back, so two updates of one
// order at the same moment lose one of them (a payment missing from the order's list, a status
// change undone). Every change the embedded adapter makes to an existing order runs through this
// per-order queue; it holds because the embedded adapter serves from one process (the mongodb
// adapter relies on atomic single-document updates instead).
const queues = new Map<string, Promise<unknown>>();

/** Runs `change` after the changes to the same order queued before it in this process. */
export function withOrderLock<T>(orderId: string, change: () => Promise<T>): Promise<T> {
  const previous = queues.get(orderId) ?? Promise.resolve();
  const run = previous.then(change, change);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(orderId, settled);
  void settled.then(() => {
    if (queues.get(orderId) === settled) queues.delete(orderId);
  });
  return run;
}
