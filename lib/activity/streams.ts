import type { Types } from "mongoose";
import { derivedId } from "@/lib/db/derived-id";
import { type ActivityStream, activityCollection } from "@/models/activity-log";

// Addressing of a tenant's activity streams (models/activity-log.ts): position n ↔ a derived `_id`.

export type StoredActivity = {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  entryId: Types.ObjectId;
  seq: number;
  kind: string;
  actor: { type: "platform" | "user" | "apiKey" | "system"; id: string | null; label: string | null };
  summary: string;
  refs: Record<string, unknown>;
  before: unknown;
  after: unknown;
  createdAt: Date;
};

export function activityIdAt(tenantId: string, stream: ActivityStream, seq: number): Types.ObjectId {
  return derivedId("activity", tenantId, stream, String(seq));
}

/** One entry by its position, or null (not written yet, or a hole left by a failed write). */
export async function readActivityAt(tenantId: string, stream: ActivityStream, seq: number): Promise<StoredActivity | null> {
  if (seq < 1) return null;
  return (await activityCollection(stream).findOne({ _id: activityIdAt(tenantId, stream, seq) })) as StoredActivity | null;
}

// The highest position each stream is known to have reached, shared by the writer and the readers
// of this process (and by Next's bundle and server.ts, which evaluate this module separately).
const globalHeads = globalThis as unknown as { __pulseboardActivityHeads?: Map<string, number> };
globalHeads.__pulseboardActivityHeads ??= new Map();
export const knownHeads: Map<string, number> = globalHeads.__pulseboardActivityHeads;
export const headKey = (tenantId: string, stream: ActivityStream) => `${tenantId}:${stream}`;

export function raiseKnownHead(tenantId: string, stream: ActivityStream, head: number): void {
  const key = headKey(tenantId, stream);
  if (head > (knownHeads.get(key) ?? 0)) knownHeads.set(key, head);
}

// Webhook traffic: what platforms send, by far the bulk of a busy tenant's log. Refusals are not
// traffic here: they are throttled to a few entries a minute (log-rejection.ts), and an admin looks for them.
const isTraffic = (kindOrPrefix: string) =>
  kindOrPrefix.split(".")[0] === "webhook" &&
  !(kindOrPrefix === "webhook.rejected" || kindOrPrefix.startsWith("webhook.rejected."));

/** The changes stream ("c") holds every entry that is not webhook traffic: changes by anyone, and refusals. */
export function belongsToChanges(kind: string, actorType: StoredActivity["actor"]["type"]): boolean {
  return actorType !== "platform" || !isTraffic(kind);
}

/**
 * The smallest stream that holds every entry a filter can match: the changes stream when the filter
 * excludes webhook traffic (by actor or by kind), otherwise the full log.
 */
export function streamFor(filter: { kind?: string[]; actor?: { type: string } }): ActivityStream {
  if (filter.actor && filter.actor.type !== "platform") return "c";
  if (filter.kind?.every((prefix) => !isTraffic(prefix))) return "c";
  return "a";
}
