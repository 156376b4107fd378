import type { Collection, Db, Document, ObjectId } from "mongodb";
import { createEffectJournal, type JournalDoc, listOpenedBefore } from "@/lib/storage/common/effect-journal";
import { createGroupCommit } from "@/lib/storage/embedded/group-commit";
import { insertBatchedRaw } from "@/lib/storage/embedded/insert-batched";
import type { EffectJournalPort } from "@/lib/storage/ports/effect-journal";

type Closing = { _id: ObjectId; tenantId: ObjectId; resolve: () => void; reject: (error: unknown) => void };

/**
 * The journal in one collection of the main database, written through its single writer: an
 * entry takes the first turn of a round, and its record the next turn of the same round (rank
 * "journal" before "record", insert-batched.ts): durable before its record, and no round of its own,
 * and the entries closed meanwhile go in one `deleteMany` a turn. The collection holds only the
 * events in flight, so the scans FerretDB v1 makes of it (that delete, the replay's listing) read
 * a few hundred documents at most; an entry is found by `_id`, its tenant compared here.
 */
export function createEmbeddedEffectJournal(db: Db): EffectJournalPort {
  const collection = db.collection<JournalDoc>("effect_journal");
  const closing = createGroupCommit<Closing>({
    lane: db.databaseName,
    rank: "effect",
    write: async (batch) => {
      try {
        // Each on its tenant too: another tenant's id closes nothing.
        await collection.deleteMany({ $or: batch.map(({ _id, tenantId }) => ({ _id, tenantId })) });
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    },
  });
  return createEffectJournal({
    insert: (doc) => insertBatchedRaw(collection as unknown as Collection<Document>, doc as unknown as Document, "journal"),
    find: async ({ _id, tenantId }) => {
      const doc = await collection.findOne({ _id });
      return doc?.tenantId.equals(tenantId) ? doc : null;
    },
    remove: ({ _id, tenantId }) => new Promise<void>((resolve, reject) => closing.add({ _id, tenantId, resolve, reject })),
    listDue: (before, limit, from) => listOpenedBefore(collection, before, limit, from),
  });
}
