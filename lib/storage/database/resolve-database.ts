import { ConfigError, type Env } from "@/lib/env";
import { claimEmbeddedDataDir } from "@/lib/storage/database/claim-embedded-data-dir";
import { type EmbeddedDb, findRunningEmbeddedDb, startEmbeddedDb } from "@/lib/storage/database/embedded";
import { wakeDatabaseConnection } from "@/lib/storage/database/wake-database-connection";

export type DatabaseTarget = {
  uri: string;
  embedded: boolean;
  stop: () => Promise<void>;
};

const DEFAULT_DB_NAME = "pulseboard";

/** Adds the database name when the URI has none (the embedded server's URI ends in "/"). */
export function withDatabaseName(uri: string, name = DEFAULT_DB_NAME): string {
  const url = new URL(uri);
  if (url.pathname && url.pathname !== "/") return uri;
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * MONGODB_URI when set (nothing is built or started). Otherwise the embedded database under
 * DATA_DIR: a `server` owns it (one server per data folder) and starts it unless it is already
 * running; a `client` (the CLI) only joins the one running there, so a wrong DATA_DIR is an
 * error rather than a throw-away database.
 */
export async function resolveDatabase(
  env: Env,
  log: (line: string) => void = () => {},
  role: "server" | "client" = "server",
): Promise<DatabaseTarget> {
  if (env.MONGODB_URI) return { uri: env.MONGODB_URI, embedded: false, stop: async () => {} };

  if (role === "client") {
    const running = findRunningEmbeddedDb(env.dataDir);
    if (running) return { uri: withDatabaseName(running.uri), embedded: true, stop: async () => {} };
    throw new ConfigError(
      `No Pulseboard database is running for DATA_DIR=${env.dataDir}: start the app there first, or set MONGODB_URI.`,
    );
  }

  const release = claimEmbeddedDataDir(env.dataDir);
  try {
    await waitForOrphanToExit(env.dataDir);
    // The server's own database: when it dies, the server starts it again on the same files and
    // port, and the driver reconnects to the same URI (webhooks are answered 503 meanwhile).
    const db: EmbeddedDb = await startEmbeddedDb({
      dataDir: env.dataDir,
      port: env.EMBEDDED_DB_PORT,
      log,
      relaunch: true,
      onRelaunched: () => void wakeDatabaseConnection(30_000, log),
    });
    log(`Embedded database (FerretDB) listening at ${db.uri}`);
    return {
      uri: withDatabaseName(db.uri),
      embedded: true,
      stop: async () => {
        await db.stop();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * An embedded database still running here belongs to a server killed a moment ago: it stops by
 * itself once it sees its parent gone (-watch-stdin), and two of them must never share the files.
 */
async function waitForOrphanToExit(dataDir: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (let orphan = findRunningEmbeddedDb(dataDir); orphan; orphan = findRunningEmbeddedDb(dataDir)) {
    if (Date.now() > deadline) {
      throw new ConfigError(
        `The embedded database (pid ${orphan.pid}) of a previous server still runs on DATA_DIR=${dataDir}: stop it first.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
