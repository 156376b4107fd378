import { MongoClient } from "mongodb";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { type RunningApp, startApp, tempDir } from "../../tests/support/app-process";

/**
 * A fresh embedded database, the real server on it (production build, rate limit out of the way),
 * and a driver connection for the baseline — what every benchmark compares on one machine.
 */
export async function startBenchStack(
  label: string,
  env: Record<string, string> = {},
): Promise<{ app: RunningApp; mongo: MongoClient; stop: () => Promise<void> }> {
  const db = await startEmbeddedDb({ dataDir: tempDir(`bench-${label}`), advertise: false });
  const uri = withDatabaseName(db.uri, "pulseboard_bench");
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const app = await startApp({
    // `BENCH_PROFILE_DIR=/tmp/prof npm run bench -- …`: a V8 CPU profile of the server, written at its exit.
    nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    env: {
      MONGODB_URI: uri,
      WEBHOOK_RATE_LIMIT_PER_S: "1000000",
      WEBHOOK_RATE_LIMIT_BURST: "1000000",
      // The production default, not the short one test servers use.
      WEBHOOK_CONFIG_CACHE_MS: undefined,
      ...env,
    },
  });
  const mongo = await MongoClient.connect(uri);
  return {
    app,
    mongo,
    stop: async () => {
      await mongo.close();
      await app.stop();
      await db.stop();
    },
  };
}
