import { ObjectId } from "mongodb";
import { stableId } from "@/lib/storage/ids";

/** A delivery record's `_id`: derived from `once` when the record is kept once, fresh otherwise. */
export function deliveryRecordId(tenantId: string, once?: string): ObjectId {
  return once ? new ObjectId(stableId("delivery", tenantId.toLowerCase(), once)) : new ObjectId();
}
