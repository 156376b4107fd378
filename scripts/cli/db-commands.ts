import type { Env } from "@/lib/env";
import { redactUri } from "@/lib/server/boot-services";
import { connectDb, disconnectDb, getNativeDb } from "@/lib/storage/database/connect";
import { resolveDatabase } from "@/lib/storage/database/resolve-database";
import { applyMigrations } from "@/lib/storage/migrations/apply-migrations";
import { readMigrationStatus } from "@/lib/storage/migrations/read-migration-status";
import { prepareStorage } from "@/lib/storage/open-storage";

// `db migrate` and `db status`: the database's migrations (migrations/), from the operator's shell.
// They need only the database: no auth, no outbound queue, and no index built before the data is migrated.

export const dbUsage = `  db status
  db migrate`;

type Result = { data: unknown; text: string; code?: number };

export async function runDbCommand(command: string[], env: Env, log: (line: string) => void): Promise<Result | null> {
  const name = command.join(" ");
  if (name !== "db status" && name !== "db migrate") return null;
  const database = await resolveDatabase(env, log, "client");
  try {
    await connectDb(database.uri).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot connect to the database at ${redactUri(database.uri)}: ${reason}`);
    });
    const db = getNativeDb();
    if (name === "db status") {
      const status = await readMigrationStatus(db);
      const lines = [
        `Applied (${status.applied.length}):`,
        ...status.applied.map((m) => `  ${m.id}  ${m.appliedAt}  ${m.durationMs} ms  ${m.description}`),
        `Pending (${status.pending.length}):`,
        ...status.pending.map((m) => `  ${m.id}  ${m.description}`),
      ];
      if (status.pending.length) lines.push("Apply them with: npm run cli -- db migrate (or start the server)");
      return { data: status, text: lines.join("\n") };
    }
    const applied = await applyMigrations(db);
    await prepareStorage(env.STORAGE, db);
    const text = applied.length
      ? applied.map((m) => `Applied ${m.id} in ${m.durationMs} ms${m.summary ? `: ${m.summary}` : ""}`).join("\n")
      : "Nothing to apply: the database is up to date.";
    return { data: { applied }, text };
  } finally {
    await disconnectDb();
    await database.stop();
  }
}
