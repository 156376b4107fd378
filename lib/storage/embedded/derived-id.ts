import { ObjectId } from "mongodb";
import { stableId } from "@/lib/storage/ids";

/**
 * A deterministic ObjectId from a natural key (e.g. tenant + orderNumber). FerretDB v1 scans a
 * collection for any query or update but keeps inserts cheap, so the hot path inserts under this
 * id and lets the duplicate-key error say "seen before" — exactly-once without a read.
 */
export function derivedId(...parts: string[]): ObjectId {
  return new ObjectId(stableId(...parts));
}
