import { BSON, type Collection, type Document } from "mongodb";
import { asUnavailable, isDuplicateKey, writeErrorsOf } from "@/lib/storage/errors";

/**
 * One insertMany for a group commit, where each document still fails alone: the failures by
 * index (a per-document write error, or the error that refused it), empty when all were written.
 *
 * A driver or server error without per-document write errors refuses the whole call: the BSON
 * serializer throws before anything is sent for a key with a NUL byte, and FerretDB v1 may refuse
 * a batch as a whole. One such document must not fail the other tenants' writes sharing its group
 * commit (issue 19: a tenant's hostile metadata turned 109 of another tenant's 120 orders into
 * 500s), so the batch is split in halves until the guilty document is alone. A refused call wrote
 * nothing, so the halves are retried as they were. An outage (connection closed, no server) is
 * not any one document's fault: every document fails with it, without retrying.
 *
 * `ordered` (the caller's positions must be written in order): the insert stops at the first
 * failure, and the result holds that one index; nothing after it was written.
 * Cost: one call when nothing is refused, about 2·log2(n) more for one refused document.
 */
export async function insertIsolated(
  collection: Collection<Document>,
  docs: Document[],
  options: { ordered?: boolean; afterRefusal?: boolean } = {},
): Promise<Map<number, unknown>> {
  const ordered = options.ordered === true;
  const failures = new Map<number, unknown>();
  if (docs.length === 0) return failures;
  try {
    // A group of one (every notification of a quiet feed) skips the driver's bulk machinery: about
    // 2 % of the notification's push at p50 (docs/benchmarks.md, fifth session). Its refusal is the
    // error itself, duplicate code and all. Not for the halves after a refusal: their duplicates are
    // checked against what the refused call may have stored (forgetOwnWrites), from write errors.
    if (docs.length === 1 && !options.afterRefusal) await collection.insertOne(docs[0] as Document);
    else await collection.insertMany(docs, { ordered });
    return failures;
  } catch (error) {
    const writeErrors = writeErrorsOf(error);
    if (writeErrors.length > 0) {
      // An Error that keeps its code: 11000 still says "duplicate" to exactly-once callers.
      for (const w of ordered ? writeErrors.slice(0, 1) : writeErrors)
        failures.set(w.index, Object.assign(new Error(w.errmsg ?? "write failed"), { code: w.code }));
      if (options.afterRefusal) await forgetOwnWrites(collection, docs, failures);
      return failures;
    }
    if (docs.length === 1) return failures.set(0, error);
    if (asUnavailable(error) !== error) {
      if (ordered) return failures.set(0, error);
      for (const index of docs.keys()) failures.set(index, error);
      return failures;
    }
  }
  const middle = Math.ceil(docs.length / 2);
  const halves = { ...options, afterRefusal: true };
  const left = await insertIsolated(collection, docs.slice(0, middle), halves);
  for (const [index, failure] of left) failures.set(index, failure);
  if (ordered && left.size > 0) return failures;
  const right = await insertIsolated(collection, docs.slice(middle), halves);
  for (const [index, failure] of right) failures.set(middle + index, failure);
  return failures;
}

/**
 * A call refused as a whole may still have stored some of its documents (FerretDB v1 inserts an
 * unordered batch one document at a time): retried in halves, those come back as duplicates of
 * themselves, and an exactly-once caller would take its own fresh write for an earlier one (the
 * fuzz test saw new orders answered "already recorded"). A duplicate whose stored document is
 * exactly the one sent was this call's write: it is not a failure. Only after a refusal (rare).
 */
async function forgetOwnWrites(
  collection: Collection<Document>,
  docs: Document[],
  failures: Map<number, unknown>,
): Promise<void> {
  for (const [index, failure] of failures) {
    const doc = docs[index];
    if (!doc || !isDuplicateKey(failure) || doc._id === undefined) continue;
    const stored = await collection.findOne({ _id: doc._id }).catch(() => null);
    if (stored && BSON.EJSON.stringify(stored) === BSON.EJSON.stringify(doc)) failures.delete(index);
  }
}
