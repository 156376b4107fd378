import { type Collection, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { isDuplicateKey } from "@/lib/storage/errors";
import { stableId } from "@/lib/storage/ids";
import type { EffectJournalPort, JournalEntry, NewJournalEntry, OpenedEntry } from "@/lib/storage/ports/effect-journal";
import type { WebhookKind } from "@/lib/webhooks/schemas";

export type JournalDoc = Omit<NewJournalEntry, "kind"> & {
  _id: ObjectId;
  tenantId: ObjectId;
  kind: string;
  openedAt: Date;
};

type Key = Pick<JournalDoc, "_id" | "tenantId">;

/** What each adapter does against `effect_journal`: the document and the open/close logic are shared. */
export type JournalQueries = {
  insert(doc: JournalDoc): Promise<void>;
  /** The tenant's entry under `_id`, or null. */
  find(key: Key): Promise<JournalDoc | null>;
  remove(key: Key): Promise<void>;
  listDue(before: Date, limit: number, from?: Date): Promise<JournalDoc[]>;
};

/** Entries opened before `before` (and at or after `from`), oldest first (both adapters: the collection holds only events in flight). */
export function listOpenedBefore(
  collection: Collection<JournalDoc>,
  before: Date,
  limit: number,
  from?: Date,
): Promise<JournalDoc[]> {
  return collection
    .find({ openedAt: { $lt: before, ...(from ? { $gte: from } : {}) } })
    .sort({ openedAt: 1 })
    .limit(limit)
    .toArray();
}

/**
 * An entry's id: the same event (tenant + key) opens the same entry, in the collection or in the
 * embedded server's file (file-effect-journal.ts), and records carry it as their event's id.
 */
export const journalEntryId = (tenant: ObjectId, eventKey: string): ObjectId =>
  new ObjectId(stableId("journal", tenant.toHexString(), eventKey));

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
  ...(doc.source ? { source: doc.source } : {}),
  ...(doc.openedBy ? { openedBy: doc.openedBy } : {}),
  openedAt: doc.openedAt,
});

/**
 * The `effect_journal` collection on either adapter: an entry's `_id` is derived from tenant +
 * event key, so opening is one insert whose duplicate-key error means "already open" (then one
 * `_id` look-up), and closing is one delete by `_id`.
 */
export function createEffectJournal(queries: JournalQueries): EffectJournalPort {
  async function open(tenantId: string, entry: NewJournalEntry, attempt = 1): Promise<OpenedEntry> {
    const tenant = objectIdOf(tenantId);
    if (!tenant) throw new Error(`not a tenant id: ${tenantId}`);
    const doc: JournalDoc = {
      _id: journalEntryId(tenant, entry.eventKey),
      tenantId: tenant,
      ...entry,
      openedAt: new Date(),
    };
    try {
      await queries.insert(doc);
      return { opened: true, entry: toEntry(doc), durable: Promise.resolve() };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const existing = await queries.find(doc);
    // Closed between our insert and this read: open it again (a few times: it cannot keep closing).
    if (!existing) {
      if (attempt >= 3) throw new Error("effect journal: an entry kept closing while it was opened");
      return open(tenantId, entry, attempt + 1);
    }
    return { opened: false, entry: toEntry(existing), durable: Promise.resolve() };
  }

  return {
    open,
    async close(tenantId, id) {
      const [tenant, _id] = [objectIdOf(tenantId), objectIdOf(id)];
      if (tenant && _id) await queries.remove({ _id, tenantId: tenant });
    },
    async listDue(before, limit, from) {
      return (await queries.listDue(before, limit, from)).map(toEntry);
    },
  };
}
