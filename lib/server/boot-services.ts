import { getAuth } from "@/lib/auth/auth";
import { connectDb, disconnectDb } from "@/lib/db/connect";
import { type DatabaseTarget, resolveDatabase } from "@/lib/db/resolve-database";
import type { Env } from "@/lib/env";
import { ensureIndexes } from "@/models";

export type Services = { database: DatabaseTarget; close: () => Promise<void> };

/** Database (MONGODB_URI or embedded), indexes and auth: what the app, the CLI and the demo all need first. */
export async function bootServices(env: Env, log: (line: string) => void = () => {}): Promise<Services> {
  const database = await resolveDatabase(env, log);
  try {
    await connectDb(database.uri);
  } catch (error) {
    await database.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to the database at ${redactUri(database.uri)}: ${reason}`);
  }
  await ensureIndexes();
  getAuth();
  return {
    database,
    async close() {
      await disconnectDb();
      await database.stop();
    },
  };
}

export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]*)@/, "//***@");
}
