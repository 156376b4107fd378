import { type InferSchemaType, type Model, Schema } from "mongoose";
import { logConnection } from "@/lib/storage/database/log-database";
import { ACTIVITY_RETENTION_DAYS } from "@/lib/storage/mongodb/activity-log";

// A tenant's activity log, `activity_logs` in the log database (lib/storage/database/log-database.ts), written
// and read only through the activityLog port (lib/storage/). The adapters keep it differently:
//   - embedded (lib/storage/embedded/activity-log.ts): dense per-tenant streams under derived
//     `_id`s (`seq`, `entryId`; the changes-only copies in `activity_changes`), read by `_id`
//     alone — FerretDB v1 pushes down no other filter — so none of the indexes below is created;
//   - mongodb (lib/storage/mongodb/activity-log.ts): one document per entry under its own id, with
//     `kindPrefixes` and `actorKeys`, read through the indexes below.
const activityLogSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    // embedded: position in its stream, dense from 1, never reused; and the id the API shows,
    // the same for the entry's copy in the changes stream.
    seq: { type: Number },
    entryId: { type: Schema.Types.ObjectId },
    // e.g. webhook.order.created, webhook.rejected, settings.webhooks.updated, settings.webhooks.secret_rotated
    kind: { type: String, required: true },
    // mongodb: every whole-segment prefix of kind ("settings", "settings.webhooks", …).
    kindPrefixes: { type: [String], default: undefined },
    actor: {
      type: { type: String, enum: ["platform", "user", "apiKey", "system"], required: true },
      id: { type: String, default: null },
      label: { type: String, default: null },
    },
    // mongodb: the actor as its type and as "type:id".
    actorKeys: { type: [String], default: undefined },
    summary: { type: String, required: true },
    refs: { type: Schema.Types.Mixed, default: {} },
    // Before/after of a change; never a secret (redacted on the way in as a last line of defence).
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: "activity_logs", minimize: false },
);
// activity.list, activity.head: a tenant's entries newest first (date bounds on the sort key).
activityLogSchema.index({ tenantId: 1, createdAt: -1, _id: -1 }, { name: "tenant_recent" });
// activity.listByKind: a tenant's entries of some kinds or prefixes, newest first.
activityLogSchema.index({ tenantId: 1, kindPrefixes: 1, createdAt: -1, _id: -1 }, { name: "tenant_kind_recent" });
// activity.listByActor: a tenant's entries by one actor type or one actor, newest first.
activityLogSchema.index({ tenantId: 1, actorKeys: 1, createdAt: -1, _id: -1 }, { name: "tenant_actor_recent" });
// activity.expire: entries older than the retention period go (MongoDB's TTL monitor; a bounded
// delete by range where the server has no TTL indexes).
activityLogSchema.index({ createdAt: 1 }, { name: "expire", expireAfterSeconds: ACTIVITY_RETENTION_DAYS * 24 * 3600 });

export type ActivityLogFields = InferSchemaType<typeof activityLogSchema>;
type ActivityLogModel = Model<ActivityLogFields>;
/** In the log database; valid once connected. Start-up creates its collection and indexes (models/index.ts). */
export function activityLogs(): ActivityLogModel {
  const log = logConnection();
  return (
    (log.models.ActivityLog as ActivityLogModel | undefined) ?? log.model<ActivityLogFields>("ActivityLog", activityLogSchema)
  );
}
