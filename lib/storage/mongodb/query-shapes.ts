// Every query the `mongodb` adapter sends, by name: its collection, the fields it filters on
// (equality or range) and its sort, and the index that serves it. The adapter passes these names
// at each call site, and tests/unit/storage-indexes.test.ts proves that each shape's index exists
// with its fields in ESR order (equality, sort, range) and that every declared index serves a shape.

export type QueryShape = {
  collection: string;
  equality: string[];
  sort?: Record<string, 1 | -1>;
  range?: string[];
  /** An index name declared in models/ ("_id_" for the primary key). */
  index: string;
};

export const queryShapes = {
  "rejections.listRecent": {
    collection: "rejected_deliveries",
    equality: ["tenantId"],
    sort: { receivedAt: -1, _id: -1 },
    index: "tenant_recent",
  },
  "rejections.find": { collection: "rejected_deliveries", equality: ["_id", "tenantId"], index: "_id_" },
  "rejections.expire": { collection: "rejected_deliveries", equality: [], range: ["receivedAt"], index: "expire" },
  // The activity log (lib/storage/mongodb/activity-log.ts), in the log database: a tenant's
  // entries newest first, unfiltered, by kind prefix or by actor; date bounds are bounds on the sort
  // key itself. Kind and actor together: the kind index, the actor checked on each entry read.
  "activity.list": {
    collection: "activity_logs",
    equality: ["tenantId"],
    sort: { createdAt: -1, _id: -1 },
    index: "tenant_recent",
  },
  "activity.head": {
    collection: "activity_logs",
    equality: ["tenantId"],
    sort: { createdAt: -1, _id: -1 },
    index: "tenant_recent",
  },
  "activity.listByKind": {
    collection: "activity_logs",
    equality: ["tenantId", "kindPrefixes"],
    sort: { createdAt: -1, _id: -1 },
    index: "tenant_kind_recent",
  },
  "activity.listByActor": {
    collection: "activity_logs",
    equality: ["tenantId", "actorKeys"],
    sort: { createdAt: -1, _id: -1 },
    index: "tenant_actor_recent",
  },
  "activity.expire": { collection: "activity_logs", equality: [], range: ["createdAt"], index: "expire" },
} as const satisfies Record<string, QueryShape>;

export type QueryName = keyof typeof queryShapes;
