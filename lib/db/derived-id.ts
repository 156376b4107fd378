import { createHash } from "node:crypto";
import { Types } from "mongoose";

/**
 * A deterministic ObjectId from a natural key (e.g. tenant + orderNumber). FerretDB v1 scans a
 * collection for any query or update but keeps inserts cheap, so the hot path inserts under this
 * id and lets the duplicate-key error say "seen before" — exactly-once without a read.
 */
export function derivedId(...parts: string[]): Types.ObjectId {
  return new Types.ObjectId(createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 24));
}
