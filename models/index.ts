import type { Db } from "mongodb";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { activityLogs } from "@/models/activity-log";
import { AlertModel } from "@/models/alert";
import { dashboardDays } from "@/models/dashboard-day";
import { dashboardFacts } from "@/models/dashboard-fact";
import { DeliveryStatsModel } from "@/models/delivery-stats";
import { EffectJournal } from "@/models/effect-journal";
import { MemberPreferences } from "@/models/member-preferences";
import { Notification } from "@/models/notification";
import { NotificationReadState } from "@/models/notification-read-state";
import { Order } from "@/models/order";
import { OutboundDelivery } from "@/models/outbound-delivery";
import { OutboundEndpoint } from "@/models/outbound-endpoint";
import { ParkedPayment } from "@/models/parked-payment";
import { Payment } from "@/models/payment";
import { RejectedDelivery } from "@/models/rejected-delivery";
import { Source } from "@/models/source";
import { Tenant } from "@/models/tenant";
import { webhookEvents } from "@/models/webhook-event";

/** Every model, so start-up can create their indexes once (autoIndex is off); after connecting. */
export function allModels() {
  return [
    Tenant,
    Order,
    Payment,
    Notification,
    NotificationReadState,
    activityLogs(),
    webhookEvents(),
    dashboardFacts(),
    dashboardDays(),
    RejectedDelivery,
    OutboundEndpoint,
    Source,
    OutboundDelivery,
    ParkedPayment,
    EffectJournal,
    MemberPreferences,
    AlertModel,
    DeliveryStatsModel,
  ];
}

// The models whose collections live in the log database beside the main one (lib/storage/database/log-database.ts).
const LOG_COLLECTIONS = new Set(["activity_logs", "webhook_events", "dashboard_facts", "dashboard_days"]);

/**
 * Creates each model's collection and indexes. The embedded adapter answers through `_id` alone
 * (FerretDB v1 uses no other index, docs/architecture.md), so there a secondary index is only a
 * cost on every insert: only the unique ones, which enforce exactly-once, are created. The mongodb
 * adapter gets them all; TTL indexes only where the server has them (not FerretDB, where
 * lib/storage/mongodb/start-retention.ts deletes by range instead).
 */
export async function ensureIndexes(db: Db, options: { allIndexes: boolean; ttl: boolean }): Promise<void> {
  for (const m of allModels() as Array<Pick<typeof Tenant, "schema" | "collection">>) {
    const name = m.collection.collectionName;
    const target = LOG_COLLECTIONS.has(name) ? db.client.db(logDatabaseName(db.databaseName)) : db;
    await target.createCollection(name).catch(() => undefined);
    for (const [fields, declared] of m.schema.indexes()) {
      if (!declared?.unique && !options.allIndexes) continue;
      const { expireAfterSeconds, ...rest } = (declared ?? {}) as { expireAfterSeconds?: number } & Record<string, unknown>;
      const indexOptions = expireAfterSeconds !== undefined && options.ttl ? { ...rest, expireAfterSeconds } : rest;
      await target.collection(name).createIndex(fields as Record<string, 1 | -1>, indexOptions as never);
    }
  }
}
