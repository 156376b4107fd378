import { MongoClient } from "mongodb";
import { findRunningEmbeddedDb, startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import type { StorageKind } from "@/lib/storage/ports";
import { type RunningApp, startApp, tempDir } from "../../tests/support/app-process";
import { storageKind } from "../../tests/support/storage-kind";

export type BenchStack = {
  app: RunningApp;
  mongo: MongoClient;
  /** The database's URI (with its name), for a second client in the bench process: the naive receiver's. */
  uri: string;
  storage: StorageKind;
  /** The processes besides this one: the server and its database (for process-cpu.ts). */
  pids: { server: number; database: number | undefined };
  stop: () => Promise<void>;
};

/**
 * A fresh embedded database, the real server on it (production build, rate limit out of the way),
 * and a driver connection for the baseline — what every benchmark compares on one machine.
 * `storage` is the server's STORAGE (default `embedded`, what `auto` takes on FerretDB); the
 * adapter that actually ran is read back from `/api/webhooks/health` and printed. With the
 * embedded adapter the server runs as an operator starts it: on a DATA_DIR of its own, owning the
 * database it starts there (and keeping its effect journal beside it); the bench joins that
 * database. The mongodb adapter runs against a FerretDB the bench starts (MONGODB_URI).
 */
export async function startBenchStack(
  label: string,
  env: Record<string, string> = {},
  options: { storage?: StorageKind; nodeArgs?: string[] } = {},
): Promise<BenchStack> {
  const requested = options.storage ?? "embedded";
  const dataDir = tempDir(`bench-${label}`);
  const db = requested === "mongodb" ? await startEmbeddedDb({ dataDir, advertise: false }) : null;
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const app = await startApp({
    // `BENCH_PROFILE_DIR=/tmp/prof npm run bench -- …`: a V8 CPU profile of the server, written at its exit.
    nodeArgs: [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...(options.nodeArgs ?? [])],
    env: {
      ...(db ? { MONGODB_URI: withDatabaseName(db.uri, "pulseboard_bench") } : { DATA_DIR: dataDir }),
      STORAGE: requested,
      WEBHOOK_RATE_LIMIT_PER_S: "1000000",
      WEBHOOK_RATE_LIMIT_BURST: "1000000",
      // The production default, not the short one test servers use.
      WEBHOOK_CONFIG_CACHE_MS: undefined,
      ...env,
    },
  });
  const own = db ? null : findRunningEmbeddedDb(dataDir);
  if (!db && !own) throw new Error(`the server's embedded database is not running in ${dataDir}`);
  const uri = db ? withDatabaseName(db.uri, "pulseboard_bench") : withDatabaseName(String(own?.uri));
  const mongo = await MongoClient.connect(uri);
  const stop = async () => {
    await mongo.close();
    await app.stop();
    await db?.stop();
  };
  let storage: StorageKind;
  try {
    storage = await storageKind(app.baseUrl);
    if (storage !== requested) throw new Error(`asked the server for STORAGE=${requested}, its health reports ${storage}`);
  } catch (error) {
    await stop();
    throw error;
  }
  console.error(`Storage adapter: ${storage} (GET /api/webhooks/health), on FerretDB`);
  return { app, mongo, uri, storage, pids: { server: app.pid, database: db?.pid ?? own?.pid }, stop };
}
