import type { ObjectId } from "mongodb";
import { derivedId } from "@/lib/storage/embedded/derived-id";
import type { ActivityActorType, ActivityFilter } from "@/lib/storage/ports/activity-log";

// Addressing of a tenant's activity streams on the embedded adapter (docs/activity.md): the full
// log "a" (`activity_logs`) and the changes-only copy "c" (`activity_changes`), each a dense
// sequence of positions; position n ↔ a derived `_id`.

export const activityStreams = ["a", "c"] as const;
export type ActivityStream = (typeof activityStreams)[number];

export type StoredActivity = {
  _id: ObjectId;
  tenantId: ObjectId;
  /** The id the API shows: the same for an entry's copy in the changes stream. */
  entryId: ObjectId;
  seq: number;
  kind: string;
  actor: { type: ActivityActorType; id: string | null; label: string | null };
  summary: string;
  refs: Record<string, unknown>;
  before: unknown;
  after: unknown;
  createdAt: Date;
};

export function activityIdAt(tenantId: string, stream: ActivityStream, seq: number): ObjectId {
  // mongoose's ObjectId is the driver's class: the same BSON type on the wire.
  return derivedId("activity", tenantId, stream, String(seq)) as unknown as ObjectId;
}

// Webhook traffic: what platforms send, by far the bulk of a busy tenant's log. Refusals are not
// traffic here: they are throttled to a few entries a minute (lib/activity/log-rejection.ts), and an admin looks for them.
const isTraffic = (kindOrPrefix: string) =>
  kindOrPrefix.split(".")[0] === "webhook" &&
  !(kindOrPrefix === "webhook.rejected" || kindOrPrefix.startsWith("webhook.rejected."));

/** The changes stream ("c") holds every entry that is not webhook traffic: changes by anyone, and refusals. */
export function belongsToChanges(kind: string, actorType: ActivityActorType): boolean {
  return actorType !== "platform" || !isTraffic(kind);
}

/**
 * The smallest stream that holds every entry a filter can match: the changes stream when the filter
 * excludes webhook traffic (by actor or by kind), otherwise the full log.
 */
export function streamFor(filter: Pick<ActivityFilter, "kinds" | "actor">): ActivityStream {
  if (filter.actor && filter.actor.type !== "platform") return "c";
  if (filter.kinds?.every((prefix) => !isTraffic(prefix))) return "c";
  return "a";
}

/** Opaque to clients: base64url of "<stream>.<position>", the last entry a page returned. */
export function encodeActivityCursor(cursor: { stream: ActivityStream; seq: number }): string {
  return Buffer.from(`${cursor.stream}.${cursor.seq}`, "utf8").toString("base64url");
}

/** The stream and position of a cursor this adapter made; null for anything else. */
export function decodeActivityCursor(value: string): { stream: ActivityStream; seq: number } | null {
  const match = /^([a-z])\.([0-9]{1,15})$/.exec(Buffer.from(value, "base64url").toString("utf8"));
  const stream = match?.[1] as ActivityStream | undefined;
  if (!match || !stream || !activityStreams.includes(stream)) return null;
  return { stream, seq: Number(match[2]) };
}
