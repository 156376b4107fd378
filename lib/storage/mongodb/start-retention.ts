import type { Db } from "mongodb";
import { getLogger } from "@/lib/logger";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import { ACTIVITY_RETENTION_DAYS, deleteExpiredActivity } from "@/lib/storage/mongodb/activity-log";
import { deleteExpired, LOG_RETENTION_DAYS } from "@/lib/storage/mongodb/retention";

const HOUR_MS = 3_600_000;

// The collections whose old entries go, and the date field that ages them (each has an `expire`
// TTL index in models/, which MongoDB's TTL monitor uses and the bounded delete's range uses too).
const EXPIRING = [
  { collection: "rejected_deliveries", field: "receivedAt", log: false },
  { collection: "webhook_events", field: "receivedAt", log: true },
  // outboundDeliveries.expire: the outbound delivery log ages from its first attempt
  { collection: "outbound_deliveries", field: "createdAt", log: false },
];
// deliveryStats.expire: the deliveries charts' counters reach further back than the logs.
export const STATS_RETENTION_DAYS = 400;

/**
 * Retention of logs on servers without TTL indexes (FerretDB): a bounded delete at start and every
 * hour. On MongoDB the TTL indexes do it and this does nothing. Returns the stop function.
 */
export function startRetention(db: Db, options: { ttlIndexes: boolean }): () => void {
  if (options.ttlIndexes) return () => undefined;
  const run = async () => {
    const cutoff = new Date(Date.now() - LOG_RETENTION_DAYS * 24 * HOUR_MS);
    for (const { collection, field, log } of EXPIRING) {
      // rejections.expire
      // deliveries.expire
      const target = log ? db.client.db(logDatabaseName(db.databaseName)) : db;
      await deleteExpired(target.collection(collection), field, cutoff).catch((error: unknown) =>
        getLogger().warn({ err: error, collection }, "retention: could not delete expired entries"),
      );
    }
    await deleteExpired(db.collection("delivery_stats"), "day", new Date(Date.now() - STATS_RETENTION_DAYS * 24 * HOUR_MS)).catch(
      (error: unknown) =>
        getLogger().warn({ err: error, collection: "delivery_stats" }, "retention: could not delete expired entries"),
    );
    // The activity log, in the log database, with its own retention period.
    const activityCutoff = new Date(Date.now() - ACTIVITY_RETENTION_DAYS * 24 * HOUR_MS);
    await deleteExpiredActivity(db, activityCutoff).catch((error: unknown) =>
      getLogger().warn({ err: error, collection: "activity_logs" }, "retention: could not delete expired entries"),
    );
  };
  const first = setTimeout(() => void run(), 60_000);
  const timer = setInterval(() => void run(), HOUR_MS);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
