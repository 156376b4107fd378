// Every query the `mongodb` adapter sends, by name: its collection, the fields it filters on
// (equality or range) and its sort, and the index that serves it. The adapter passes these names
// at each call site, and tests/unit/storage-indexes.test.ts proves that each shape's index exists
// with its fields in ESR order (equality, sort, range) and that every declared index serves a shape.

export type QueryShape = {
  collection: string;
  equality: string[];
  sort?: Record<string, 1 | -1>;
  range?: string[];
  /**
   * Fields compared among the entries the index yields, in its order, not by the index: a filter a
   * user adds to a tenant's log, cheap when it matches often, a walk of the tenant's range when not.
   */
  residual?: string[];
  /** An index name declared in models/ ("_id_" for the primary key). */
  index: string;
};

export const queryShapes = {
  "rejections.listRecent": {
    collection: "rejected_deliveries",
    equality: ["tenantId"],
    sort: { receivedAt: -1, _id: -1 },
    residual: ["reason", "kind"],
    index: "tenant_recent",
  },
  "rejections.search": {
    collection: "rejected_deliveries",
    equality: ["tenantId", "keys"],
    sort: { receivedAt: -1, _id: -1 },
    residual: ["reason", "kind"],
    index: "tenant_keys_recent",
  },
  "rejections.find": { collection: "rejected_deliveries", equality: ["_id", "tenantId"], index: "_id_" },
  "rejections.expire": { collection: "rejected_deliveries", equality: [], range: ["receivedAt"], index: "expire" },
  "deliveries.listRecent": {
    collection: "webhook_events",
    equality: ["tenantId"],
    sort: { receivedAt: -1, _id: -1 },
    residual: ["result.status"],
    index: "tenant_recent",
  },
  "deliveries.listRecentOfKind": {
    collection: "webhook_events",
    equality: ["tenantId", "kind"],
    sort: { receivedAt: -1, _id: -1 },
    residual: ["result.status"],
    index: "tenant_kind_recent",
  },
  "deliveries.listRecentOfSource": {
    collection: "webhook_events",
    equality: ["tenantId", "source.id"],
    sort: { receivedAt: -1, _id: -1 },
    residual: ["kind", "result.status"],
    index: "tenant_source_recent",
  },
  "deliveries.search": {
    collection: "webhook_events",
    equality: ["tenantId", "keys"],
    sort: { receivedAt: -1, _id: -1 },
    residual: ["kind", "source.id", "result.status"],
    index: "tenant_keys_recent",
  },
  "deliveries.find": { collection: "webhook_events", equality: ["_id", "tenantId"], index: "_id_" },
  "deliveries.expire": { collection: "webhook_events", equality: [], range: ["receivedAt"], index: "expire" },
  "dashboard.ordersCreatedIn": {
    collection: "dashboard_facts",
    equality: ["tenantId", "k"],
    range: ["createdAt"],
    index: "tenant_orders_created",
  },
  "dashboard.recentOrders": {
    collection: "dashboard_facts",
    equality: ["tenantId", "k"],
    sort: { createdAt: -1, _id: -1 },
    index: "tenant_orders_created",
  },
  "dashboard.paymentsIn": {
    collection: "dashboard_facts",
    equality: ["tenantId", "k"],
    range: ["at"],
    index: "tenant_payments_at",
  },
  "dashboard.daySummaries": { collection: "dashboard_days", equality: ["_id", "tenantId"], index: "_id_" },
  "dashboard.unsealDay": { collection: "dashboard_days", equality: ["_id"], index: "_id_" },
  "dashboard.sealDay": { collection: "dashboard_days", equality: ["_id", "tenantId"], index: "_id_" },
  "alerts.list": { collection: "alerts", equality: ["tenantId"], sort: { openedAt: -1, _id: -1 }, index: "tenant_opened" },
  "sources.list": {
    collection: "sources",
    equality: ["tenantId"],
    sort: { createdAt: 1, _id: 1 },
    index: "tenant_created",
  },
  "sources.count": { collection: "sources", equality: ["tenantId"], index: "tenant_created" },
  // The deliveries charts' counters: one document per tenant and day under a derived `_id`.
  "deliveryStats.add": { collection: "delivery_stats", equality: ["_id"], index: "_id_" },
  "deliveryStats.read": { collection: "delivery_stats", equality: ["_id", "tenantId"], index: "_id_" },
  "deliveryStats.expire": { collection: "delivery_stats", equality: [], range: ["day"], index: "expire" },
  // The silence watch's upkeep, across tenants: the few sources with a silence limit set.
  "sources.listWatched": { collection: "sources", equality: ["enabled"], range: ["silentAfterHours"], index: "watched" },
  "sources.find": { collection: "sources", equality: ["_id", "tenantId"], index: "_id_" },
  "sources.update": { collection: "sources", equality: ["_id", "tenantId"], index: "_id_" },
  "sources.rotateSecret": { collection: "sources", equality: ["_id", "tenantId", "secretSealed"], index: "_id_" },
  "sources.remove": { collection: "sources", equality: ["_id", "tenantId"], index: "_id_" },
  "outboundEndpoints.list": {
    collection: "outbound_endpoints",
    equality: ["tenantId"],
    sort: { createdAt: 1, _id: 1 },
    index: "tenant_created",
  },
  "outboundEndpoints.count": { collection: "outbound_endpoints", equality: ["tenantId"], index: "tenant_created" },
  "outboundEndpoints.find": { collection: "outbound_endpoints", equality: ["_id", "tenantId"], index: "_id_" },
  "outboundEndpoints.update": { collection: "outbound_endpoints", equality: ["_id", "tenantId"], index: "_id_" },
  "outboundEndpoints.disable": { collection: "outbound_endpoints", equality: ["_id", "tenantId", "enabled"], index: "_id_" },
  "outboundEndpoints.remove": { collection: "outbound_endpoints", equality: ["_id", "tenantId"], index: "_id_" },
  "outboundDeliveries.listByTenant": {
    collection: "outbound_deliveries",
    equality: ["tenantId"],
    sort: { createdAt: -1, _id: -1 },
    residual: ["eventTypes"],
    index: "tenant_recent",
  },
  "outboundDeliveries.searchByEvent": {
    collection: "outbound_deliveries",
    equality: ["tenantId", "eventIds"],
    sort: { createdAt: -1, _id: -1 },
    residual: ["endpointId", "status", "eventTypes"],
    index: "tenant_event_recent",
  },
  "outboundDeliveries.listByTenantStatus": {
    collection: "outbound_deliveries",
    equality: ["tenantId", "status"],
    sort: { createdAt: -1, _id: -1 },
    index: "tenant_status_recent",
  },
  "outboundDeliveries.listByEndpoint": {
    collection: "outbound_deliveries",
    equality: ["tenantId", "endpointId"],
    sort: { createdAt: -1, _id: -1 },
    index: "endpoint_recent",
  },
  "outboundDeliveries.listByEndpointStatus": {
    collection: "outbound_deliveries",
    equality: ["tenantId", "endpointId", "status"],
    sort: { createdAt: -1, _id: -1 },
    index: "endpoint_status_recent",
  },
  "outboundDeliveries.find": { collection: "outbound_deliveries", equality: ["_id", "tenantId"], index: "_id_" },
  "outboundDeliveries.append": { collection: "outbound_deliveries", equality: ["_id", "tenantId"], index: "_id_" },
  "outboundDeliveries.removeEndpoint": {
    collection: "outbound_deliveries",
    equality: ["tenantId", "endpointId"],
    index: "endpoint_recent",
  },
  "outboundDeliveries.expire": { collection: "outbound_deliveries", equality: [], range: ["createdAt"], index: "expire" },
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
  "orders.findByNumber": {
    collection: "orders",
    equality: ["tenantId", "orderNumber"],
    index: "tenantId_1_orderNumber_1",
  },
  "orders.list": {
    collection: "orders",
    equality: ["tenantId"],
    sort: { createdAt: -1, _id: -1 },
    range: ["keywords"],
    index: "tenant_recent_keywords",
  },
  "orders.listByStatus": {
    collection: "orders",
    equality: ["tenantId", "status"],
    sort: { createdAt: -1, _id: -1 },
    index: "tenant_status_recent",
  },
  "orders.listByPaymentStatus": {
    collection: "orders",
    equality: ["tenantId", "paymentStatus"],
    sort: { createdAt: -1, _id: -1 },
    index: "tenant_payment_status_recent",
  },
  "orders.listBySource": {
    collection: "orders",
    equality: ["tenantId", "sourceId"],
    sort: { createdAt: -1, _id: -1 },
    index: "tenant_source_recent",
  },
  "orders.find": { collection: "orders", equality: ["_id", "tenantId"], index: "_id_" },
  "orders.read": { collection: "orders", equality: ["_id", "tenantId"], index: "_id_" },
  "orders.changeStatus": { collection: "orders", equality: ["_id", "tenantId", "status"], index: "_id_" },
  "orders.appendPayments": { collection: "orders", equality: ["_id", "tenantId"], index: "_id_" },
  "payments.findByKey": {
    collection: "payments",
    equality: ["tenantId", "paymentId", "status"],
    index: "tenantId_1_paymentId_1_status_1",
  },
  "payments.link": { collection: "payments", equality: ["_id", "tenantId"], index: "_id_" },
  "parkedPayments.listForOrder": {
    collection: "parked_payments",
    equality: ["tenantId", "orderNumber"],
    index: "tenant_order",
  },
  "parkedPayments.claim": { collection: "parked_payments", equality: ["_id", "tenantId"], index: "_id_" },
  // The effect journal (lib/storage/mongodb/effect-journal.ts): events whose effects are unfinished.
  "journal.find": { collection: "effect_journal", equality: ["_id", "tenantId"], index: "_id_" },
  "journal.close": { collection: "effect_journal", equality: ["_id", "tenantId"], index: "_id_" },
  // Bounded above on the sort key itself (entries opened before a moment).
  "journal.listDue": { collection: "effect_journal", equality: [], sort: { openedAt: 1 }, index: "due" },
  // Notifications (lib/storage/mongodb/notifications.ts): a feed is a run of positions of one
  // tenant's feed ("t", userId null, or "u" and a member); the window is its newest page.
  "notifications.window": {
    collection: "notifications",
    equality: ["tenantId", "feed", "userId"],
    sort: { seq: -1 },
    index: "tenantId_1_feed_1_userId_1_seq_-1",
  },
  "notifications.findByCause": {
    collection: "notifications",
    equality: ["tenantId", "sourceKey"],
    index: "tenantId_1_sourceKey_1",
  },
  "notifications.atPositions": { collection: "notifications", equality: ["_id", "tenantId"], index: "_id_" },
  "notifications.find": { collection: "notifications", equality: ["_id", "tenantId"], index: "_id_" },
  "readStates.find": { collection: "notification_read_states", equality: ["_id", "tenantId"], index: "_id_" },
  "readStates.update": { collection: "notification_read_states", equality: ["_id", "tenantId", "version"], index: "_id_" },
} as const satisfies Record<string, QueryShape>;

export type QueryName = keyof typeof queryShapes;
