import type { Types } from "mongoose";
import { derivedId } from "@/lib/db/derived-id";

// Addressing of the two feeds a member reads: the tenant's ("t") and their own ("u").

export type Feed = "t" | "u";
export type FeedRef = { tenantId: string; feed: Feed; userId: string | null };

/** The `_id` of a feed's entry at `seq`, the same in the archive and in the tenant's inbox. */
export function notificationIdAt(ref: FeedRef, seq: number): Types.ObjectId {
  return derivedId("notification", ref.tenantId, ref.feed === "t" ? "t" : `u:${ref.userId}`, String(seq));
}

export const positionOf = (feed: Feed, seq: number) => `${feed}${seq}`;

/** Filter for one feed's documents (archive or inbox). */
export const feedFilter = (ref: FeedRef) => (ref.feed === "t" ? { feed: "t" } : { feed: "u", userId: ref.userId });
