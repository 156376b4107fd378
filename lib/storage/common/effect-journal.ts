import { type Collection, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { isDuplicateKey } from "@/lib/storage/errors";
import { stableId } from "@/lib/storage/ids";
import type { EffectJournalPort, JournalEntry, NewJournalEntry } from "@/lib/storage/ports/effect-journal";
import type { WebhookKind } from "@/lib/webhooks/schemas";

export type JournalDoc = Omit<NewJournalEntry, "kind"> & {
  _id: ObjectId;
  tenantId: ObjectId;
  kind: string;
  openedAt: Date;
};

/** How each adapter writes the journal: the reads and the document are the same on both. */
export type JournalWrites = {
  insert(doc: JournalDoc): Promise<void>;
  remove(doc: Pick<JournalDoc, "_id" | "tenantId">): Promise<void>;
};

const toEntry = (doc: JournalDoc): JournalEntry => ({
  id: doc._id.toHexString(),
  tenantId: doc.tenantId.toHexString(),
  eventKey: doc.eventKey,
  kind: doc.kind as WebhookKind,
  input: doc.input,
  deliveryId: doc.deliveryId ?? null,
  scheme: doc.scheme,
  headers: doc.headers ?? {},
  rawBody: doc.rawBody ?? "",
  openedAt: doc.openedAt,
});

/**
 * The `effect_journal` collection on either adapter: an entry's `_id` is derived from tenant +
 * event key, so opening is one insert whose duplicate-key error means "already open" (then one
 * `_id` look-up), and closing is one delete by `_id`.
 */
export function createEffectJournal(collection: Collection<JournalDoc>, writes: JournalWrites): EffectJournalPort {
  return {
    async open(tenantId, entry) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) throw new Error(`not a tenant id: ${tenantId}`);
      const doc: JournalDoc = {
        _id: new ObjectId(stableId("journal", tenant.toHexString(), entry.eventKey)),
        tenantId: tenant,
        ...entry,
        openedAt: new Date(),
      };
      try {
        await writes.insert(doc);
        return { opened: true, entry: toEntry(doc) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // journal.find
      const existing = await collection.findOne({ _id: doc._id, tenantId: tenant });
      // Closed between our insert and this read: open again (the caller's record write decides the rest).
      if (!existing) return this.open(tenantId, entry);
      return { opened: false, entry: toEntry(existing) };
    },

    async close(tenantId, id) {
      const [tenant, _id] = [objectIdOf(tenantId), objectIdOf(id)];
      if (!tenant || !_id) return;
      // journal.close
      await writes.remove({ _id, tenantId: tenant });
    },

    async listDue(before, limit) {
      // journal.listDue
      const docs = await collection
        .find({ openedAt: { $lt: before } })
        .sort({ openedAt: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toEntry);
    },
  };
}
