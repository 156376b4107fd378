import type { ObjectId } from "mongodb";
import type { ActivityRecord, NewActivityEntry } from "@/lib/storage/ports/activity-log";

/** What both adapters store of an entry, whatever else each keeps beside it (positions, filter keys). */
export type ActivityFields = NewActivityEntry & { tenantId: ObjectId; createdAt: Date };

/** An entry as the port returns it; `id` is the id the API shows (the embedded adapter's `entryId`). */
export function toActivityRecord(id: ObjectId, doc: ActivityFields): ActivityRecord {
  return {
    id: id.toHexString(),
    tenantId: doc.tenantId.toHexString(),
    kind: doc.kind,
    actor: { type: doc.actor.type, id: doc.actor.id ?? null, label: doc.actor.label ?? null },
    summary: doc.summary,
    refs: doc.refs ?? {},
    before: doc.before ?? null,
    after: doc.after ?? null,
    createdAt: new Date(doc.createdAt),
  };
}
