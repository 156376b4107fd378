import path from "node:path";
import { startSilenceWatch } from "@/lib/alerts/start-silence-watch";
import { getAuth } from "@/lib/auth/auth";
import type { Env } from "@/lib/env";
import { startDeliveryCounts } from "@/lib/insights/start-delivery-counts";
import { startOutbound, stopOutbound, waitForOutbound } from "@/lib/outbound/outbound-runtime";
import { processOutboundJob, retryBackoff } from "@/lib/outbound/process-outbound-job";
import { startHttpThreads } from "@/lib/outbound/start-http-threads";
import { connectDb, disconnectDb, getNativeDb } from "@/lib/storage/database/connect";
import { type DatabaseTarget, resolveDatabase } from "@/lib/storage/database/resolve-database";
import { wakeOnDisconnect } from "@/lib/storage/database/wake-on-disconnect";
import { applyMigrations } from "@/lib/storage/migrations/apply-migrations";
import { openStorage } from "@/lib/storage/open-storage";
import type { StorageChoice } from "@/lib/storage/select-storage";
import { eventsRunningHere } from "@/lib/webhooks/ingest/events-running-here";
import { startJournalReplay } from "@/lib/webhooks/ingest/start-journal-replay";

/** `effectsTimeoutMs`: how long close() waits for the effects of answered deliveries (default 10 s). */
export type Services = {
  database: DatabaseTarget;
  storage: StorageChoice;
  close: (options?: { effectsTimeoutMs?: number }) => Promise<void>;
};

/**
 * Database (MONGODB_URI or embedded), indexes and auth: what the app, the CLI and the demo all need
 * first. With `outbound`, also the outbound queue; `"worker"` runs its deliveries in this process
 * (the server), `"queue"` only enqueues (the CLI). An unreachable Redis never fails the start.
 * A `"server"` (the app, the demo) owns the embedded database of its DATA_DIR and applies pending
 * migrations; a `"client"` (the CLI) only joins a running database and leaves migrations to `db migrate`.
 */
export async function bootServices(
  env: Env,
  log: (line: string) => void = () => {},
  options: { outbound?: "worker" | "queue"; role?: "server" | "client" } = {},
): Promise<Services> {
  const role = options.role ?? "server";
  const database = await resolveDatabase(env, log, role);
  try {
    await connectDb(database.uri, { embedded: database.embedded });
  } catch (error) {
    await database.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to the database at ${redactUri(database.uri)}: ${reason}`);
  }
  let storage: Awaited<ReturnType<typeof openStorage>>;
  try {
    // Data first: an index (a unique one above all) is built on the data as migrated.
    if (role === "server") await applyMigrations(getNativeDb(), { log });
    // A server that owns its embedded database is its only process: the journal can be a file beside it.
    storage = await openStorage(env.STORAGE, {
      journalDir: role === "server" && database.embedded ? path.join(env.dataDir, "journal") : undefined,
    });
  } catch (error) {
    await disconnectDb();
    await database.stop();
    throw error;
  }
  log(`Storage: ${storage.choice.kind} adapter (${storage.choice.reason})`);
  // The server's own embedded database is woken by its relaunch; one elsewhere, whenever it is lost.
  const stopWaking = role === "server" && !database.embedded ? wakeOnDisconnect(log) : () => undefined;
  getAuth();
  let stopHttpThreads: () => Promise<void> = async () => undefined;
  if (options.outbound) {
    startOutbound(options.outbound === "worker" ? { processor: processOutboundJob, backoff: retryBackoff } : {});
    if (options.outbound === "worker") stopHttpThreads = startHttpThreads(env.OUTBOUND_HTTP_THREADS);
    await waitForOutbound();
  }
  // Effects a previous process left unfinished, before this one serves (lib/storage/ports/effect-journal.ts).
  const stopReplay =
    role === "server"
      ? await startJournalReplay({
          singleNode: storage.choice.kind === "embedded",
          ownsDatabase: database.embedded,
          settleMs: env.JOURNAL_REPLAY_AFTER_MS,
          log,
        })
      : () => undefined;
  const stopSilenceWatch = role === "server" ? startSilenceWatch(env.SOURCE_SILENCE_CHECK_MS) : async () => undefined;
  // The charts' counts of what this process receives and sends, added to the database every few seconds.
  const stopDeliveryCounts = role === "server" ? startDeliveryCounts(env.DELIVERY_COUNTS_FLUSH_MS) : async () => undefined;
  return {
    database,
    storage: storage.choice,
    async close(options = {}) {
      // Effects of answered deliveries are stored (and their outbound events queued) first; then
      // attempts in flight finish (and are logged) before the database goes; queued retries stay in Redis.
      stopReplay();
      await stopSilenceWatch();
      await eventsRunningHere.settle(options.effectsTimeoutMs);
      await stopOutbound();
      await stopHttpThreads();
      await stopDeliveryCounts().catch(() => undefined);
      await storage.close();
      stopWaking();
      await disconnectDb();
      await database.stop();
    },
  };
}

export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]*)@/, "//***@");
}
