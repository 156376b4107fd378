import type { Db } from "mongodb";
import { createMemberPreferences } from "@/lib/storage/common/member-preferences";
import { createTenantSettings } from "@/lib/storage/common/tenant-settings";
import { createEmbeddedActivityLog } from "@/lib/storage/embedded/activity-log";
import { createEmbeddedAlerts } from "@/lib/storage/embedded/alerts";
import { createEmbeddedDashboard } from "@/lib/storage/embedded/dashboard";
import { createEmbeddedDeliveryLog } from "@/lib/storage/embedded/delivery-log";
import { createEmbeddedDeliveryStats } from "@/lib/storage/embedded/delivery-stats";
import { createEmbeddedEffectJournal } from "@/lib/storage/embedded/effect-journal";
import { createFileEffectJournal } from "@/lib/storage/embedded/file-effect-journal";
import { serialWrite } from "@/lib/storage/embedded/insert-batched";
import { createEmbeddedNotifications } from "@/lib/storage/embedded/notifications";
import { createEmbeddedOrders } from "@/lib/storage/embedded/orders";
import { createEmbeddedOutbound } from "@/lib/storage/embedded/outbound";
import { createEmbeddedRejectedDeliveries } from "@/lib/storage/embedded/rejected-deliveries";
import { createEmbeddedSources } from "@/lib/storage/embedded/sources";
import { startDailyUpkeep } from "@/lib/storage/embedded/start-daily-upkeep";
import { createStoredCauses, discardCausesSnapshot } from "@/lib/storage/embedded/stored-causes";
import { createMongoActivityLog } from "@/lib/storage/mongodb/activity-log";
import { createMongoAlerts } from "@/lib/storage/mongodb/alerts";
import { createMongoDashboard } from "@/lib/storage/mongodb/dashboard";
import { createMongoDeliveryLog } from "@/lib/storage/mongodb/delivery-log";
import { createMongoDeliveryStats } from "@/lib/storage/mongodb/delivery-stats";
import { createMongoEffectJournal } from "@/lib/storage/mongodb/effect-journal";
import { createMongoNotifications } from "@/lib/storage/mongodb/notifications";
import { createMongoOrders } from "@/lib/storage/mongodb/orders";
import { createMongoOutbound } from "@/lib/storage/mongodb/outbound";
import { createMongoRejectedDeliveries } from "@/lib/storage/mongodb/rejected-deliveries";
import { createMongoSources } from "@/lib/storage/mongodb/sources";
import { startRetention } from "@/lib/storage/mongodb/start-retention";
import type { Storage } from "@/lib/storage/ports";
import type { StorageChoice } from "@/lib/storage/select-storage";

/**
 * The adapters of the chosen kind over one database handle; created once per process (server.ts,
 * the CLI). `journalDir`: the folder of a server that owns its embedded database (DATA_DIR, one
 * process), where the embedded adapter keeps its effect journal as a file (file-effect-journal.ts).
 */
export function createStorage(choice: StorageChoice, db: Db, options: { journalDir?: string } = {}): Storage {
  if (choice.kind === "mongodb") {
    // The embedded adapter's filter of notification causes no longer covers what this server stores.
    if (options.journalDir) discardCausesSnapshot(options.journalDir);
    const stopRetention = startRetention(db, { ttlIndexes: choice.engine === "mongodb" });
    return {
      kind: "mongodb",
      rejectedDeliveries: createMongoRejectedDeliveries(db),
      tenantSettings: createTenantSettings(db),
      deliveryLog: createMongoDeliveryLog(db),
      dashboard: createMongoDashboard(db),
      outbound: createMongoOutbound(db),
      activityLog: createMongoActivityLog(db),
      orders: createMongoOrders(db),
      notifications: createMongoNotifications(db),
      effectJournal: createMongoEffectJournal(db),
      sources: createMongoSources(db),
      memberPreferences: createMemberPreferences(db),
      alerts: createMongoAlerts(db),
      deliveryStats: createMongoDeliveryStats(db),
      close: async () => stopRetention(),
    };
  }
  const dashboard = createEmbeddedDashboard(db);
  const deliveryStats = createEmbeddedDeliveryStats(db);
  const deliveryLog = createEmbeddedDeliveryLog(db);
  const rejectedDeliveries = createEmbeddedRejectedDeliveries(db);
  const outbound = createEmbeddedOutbound(db);
  const stopRetiring = startDailyUpkeep(
    async () =>
      (await dashboard.retire()) +
      (await deliveryStats.retire()) +
      (await deliveryLog.retire()) +
      (await rejectedDeliveries.retire()) +
      (await outbound.retire()),
  );
  const collectionJournal = createEmbeddedEffectJournal(db);
  const fileJournal = options.journalDir
    ? createFileEffectJournal({ dir: options.journalDir, takeOver: collectionJournal })
    : null;
  // The archive's causes in memory, where this server is the archive's only writer (stored-causes.ts).
  const causes = options.journalDir
    ? createStoredCauses({ archive: db.collection("notifications"), dir: options.journalDir })
    : undefined;
  return {
    kind: "embedded",
    rejectedDeliveries,
    tenantSettings: createTenantSettings(db, (write) => serialWrite(write, "record", db.databaseName)),
    deliveryLog,
    dashboard,
    outbound,
    activityLog: createEmbeddedActivityLog(db),
    // A server that owns its database is its only writer (the journal's folder says so).
    orders: createEmbeddedOrders(db, { soleWriter: Boolean(options.journalDir) }),
    notifications: createEmbeddedNotifications(db, { causes }),
    effectJournal: fileJournal ?? collectionJournal,
    sources: createEmbeddedSources(db),
    memberPreferences: createMemberPreferences(db, (write) => serialWrite(write, "record", db.databaseName)),
    alerts: createEmbeddedAlerts(db),
    deliveryStats,
    close: async () => {
      stopRetiring();
      await causes?.close();
      await fileJournal?.stop();
    },
  };
}
