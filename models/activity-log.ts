import type { Collection, Document } from "mongodb";
import { type InferSchemaType, type Model, Schema } from "mongoose";
import type { ActivityStream } from "@/lib/activity/schemas";
import { logConnection } from "@/lib/db/log-database";

// A tenant's activity log, as dense per-tenant sequences ("streams") addressed by derived `_id`s:
//   - stream "a" (this collection, `activity_logs`): every entry; entry n of a tenant has
//     `_id = derivedId("activity", tenantId, "a", n)`;
//   - stream "c" (`activity_changes`): a copy of every entry made by a person, an API key or the
//     system (settings, secrets, members, keys) — not the webhook traffic — under its own positions,
//     so "who changed what" stays a dense walk in a tenant drowned in webhooks.
// FerretDB v1 (SQLite) pushes down no filter but `{_id}` alone (docs/notifications.md): every read
// here is a look-up by `_id` (a position), never a range or a tenant filter, so a page costs the same
// at 10k or 10M entries and whatever other tenants store. docs/activity.md has the design.
const activityLogSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    // Position in its stream: dense from 1, never reused.
    seq: { type: Number, required: true },
    // The entry's id as the API shows it: the same for its copy in the changes stream.
    entryId: { type: Schema.Types.ObjectId, required: true },
    // e.g. webhook.order.created, webhook.rejected, settings.webhooks.updated, settings.webhooks.secret_rotated
    kind: { type: String, required: true },
    actor: {
      type: { type: String, enum: ["platform", "user", "apiKey", "system"], required: true },
      id: { type: String, default: null },
      label: { type: String, default: null },
    },
    summary: { type: String, required: true },
    refs: { type: Schema.Types.Mixed, default: {} },
    // Before/after of a change; never a secret (redacted on the way in as a last line of defence).
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: "activity_logs", minimize: false },
);
// No secondary index: every read is by `_id` (see above).

export type ActivityLogFields = InferSchemaType<typeof activityLogSchema>;
type ActivityLogModel = Model<ActivityLogFields>;
/** In the log database (lib/db/log-database.ts); valid once connected. */
export function activityLogs(): ActivityLogModel {
  const log = logConnection();
  return (
    (log.models.ActivityLog as ActivityLogModel | undefined) ?? log.model<ActivityLogFields>("ActivityLog", activityLogSchema)
  );
}

export type { ActivityStream };

/** Where a stream's entries live: the log itself, or the changes-only copies. */
export function activityCollection(stream: ActivityStream): Collection<Document> {
  return stream === "a"
    ? (activityLogs().collection as unknown as Collection<Document>)
    : (logConnection().collection("activity_changes") as unknown as Collection<Document>);
}
