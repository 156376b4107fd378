import type { Db } from "mongodb";
import { isDuplicateKey } from "@/lib/storage/errors";
import { acquireMigrationLock } from "@/lib/storage/migrations/acquire-migration-lock";
import { MIGRATIONS_COLLECTION, type Migration, type MigrationRecord } from "@/lib/storage/migrations/migration";
import { migrations as allMigrations } from "@/migrations";

export type AppliedMigration = { id: string; description: string; durationMs: number; summary?: string };

/**
 * Applies the steps not recorded yet, in order, each recorded once it has returned. Holds the
 * migration lock meanwhile, and reads the records again once it holds it: another process may have
 * applied them while this one waited. A failing step stops the run; the steps before it stay applied.
 */
export async function applyMigrations(
  db: Db,
  options: { log?: (line: string) => void; migrations?: Migration[] } = {},
): Promise<AppliedMigration[]> {
  const steps = options.migrations ?? allMigrations;
  const records = db.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
  const pendingIn = async () => {
    const done = new Set((await records.find({}, { projection: { _id: 1 } }).toArray()).map((r) => r._id));
    return steps.filter((step) => !done.has(step.id));
  };
  // Most starts have nothing to apply, and need not take the lock to find out.
  if ((await pendingIn()).length === 0) return [];

  const release = await acquireMigrationLock(db, {
    onWait: (holder) => options.log?.(`Waiting for the migrations being applied by ${holder}…`),
  });
  const applied: AppliedMigration[] = [];
  try {
    for (const step of await pendingIn()) {
      const started = performance.now();
      let summary: string | undefined;
      try {
        summary = await step.up(db);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Migration ${step.id} failed: ${reason}`, { cause: error });
      }
      const durationMs = Math.round(performance.now() - started);
      await records
        .insertOne({ _id: step.id, description: step.description, appliedAt: new Date(), durationMs })
        .catch((error: unknown) => {
          // Recorded meanwhile by a process whose lock had expired: the step is idempotent, and applied.
          if (!isDuplicateKey(error)) throw error;
        });
      applied.push({ id: step.id, description: step.description, durationMs, ...(summary ? { summary } : {}) });
      options.log?.(`Applied migration ${step.id} in ${durationMs} ms${summary ? `: ${summary}` : ""}`);
    }
  } finally {
    await release();
  }
  return applied;
}
