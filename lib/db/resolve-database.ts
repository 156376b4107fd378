import { type EmbeddedDb, findRunningEmbeddedDb, startEmbeddedDb } from "@/lib/db/embedded";
import type { Env } from "@/lib/env";

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
 * MONGODB_URI when set (nothing is built or started); otherwise the embedded database
 * already running on this data folder, or a new one that stops with this process.
 */
export async function resolveDatabase(env: Env, log: (line: string) => void = () => {}): Promise<DatabaseTarget> {
  if (env.MONGODB_URI) return { uri: env.MONGODB_URI, embedded: false, stop: async () => {} };

  const running = findRunningEmbeddedDb(env.dataDir);
  if (running) return { uri: withDatabaseName(running.uri), embedded: true, stop: async () => {} };

  const db: EmbeddedDb = await startEmbeddedDb({ dataDir: env.dataDir, port: env.EMBEDDED_DB_PORT, log });
  log(`Embedded database (FerretDB) listening at ${db.uri}`);
  return { uri: withDatabaseName(db.uri), embedded: true, stop: db.stop };
}
