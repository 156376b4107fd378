import type { Db } from "mongodb";
import { createEffectJournal, type JournalDoc, listOpenedBefore } from "@/lib/storage/common/effect-journal";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import type { EffectJournalPort } from "@/lib/storage/ports/effect-journal";

/** One `effect_journal` collection for every tenant: an insert to open, a delete on `{_id, tenantId}` to close. */
export function createMongoEffectJournal(db: Db): EffectJournalPort {
  const collection = db.collection<JournalDoc>(queryShapes["journal.listDue"].collection);
  return createEffectJournal({
    insert: async (doc) => {
      await collection.insertOne(doc);
    },
    // journal.find
    find: ({ _id, tenantId }) => collection.findOne({ _id, tenantId }),
    remove: async (key) => {
      // journal.close
      await collection.deleteOne(key);
    },
    // journal.listDue
    listDue: (before, limit, from) => listOpenedBefore(collection, before, limit, from),
  });
}
