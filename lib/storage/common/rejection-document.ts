import type { ObjectId } from "mongodb";
import type { NewRejection, RejectionRecord } from "@/lib/storage/ports/rejected-deliveries";

/** A refusal as both adapters store it in `rejected_deliveries` (and the embedded one's windows). */
export type RejectionDocument = NewRejection & {
  _id: ObjectId;
  tenantId: ObjectId | null;
  receivedAt: Date;
  /** What a search matches (rejectionSearchKeys); absent on documents of earlier versions. */
  keys?: string[];
};

export function toRejectionRecord(doc: RejectionDocument): RejectionRecord {
  return {
    id: doc._id.toHexString(),
    tenantId: doc.tenantId ? doc.tenantId.toHexString() : null,
    kind: doc.kind ?? null,
    reason: doc.reason,
    status: doc.status,
    message: doc.message,
    headers: doc.headers ?? {},
    bodyExcerpt: doc.bodyExcerpt ?? "",
    bodyBytes: doc.bodyBytes ?? 0,
    receivedAt: new Date(doc.receivedAt),
  };
}

/** The refusal with its whole body, when it was kept (the replay's source). */
export const toReplayableRejection = (doc: RejectionDocument): RejectionRecord & { rawBody: string | null } => ({
  ...toRejectionRecord(doc),
  rawBody: typeof doc.rawBody === "string" ? doc.rawBody : null,
});
