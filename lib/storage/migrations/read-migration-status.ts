import type { Db } from "mongodb";
import { MIGRATIONS_COLLECTION, type Migration, type MigrationRecord } from "@/lib/storage/migrations/migration";
import { migrations as allMigrations } from "@/migrations";

export type MigrationStatus = {
  applied: Array<{ id: string; description: string; appliedAt: string; durationMs: number }>;
  pending: Array<{ id: string; description: string }>;
};

/** What `db status` shows: the recorded steps (oldest first) and the ones this version would apply. */
export async function readMigrationStatus(db: Db, steps: Migration[] = allMigrations): Promise<MigrationStatus> {
  const records = await db.collection<MigrationRecord>(MIGRATIONS_COLLECTION).find({}).sort({ _id: 1 }).toArray();
  const done = new Set(records.map((r) => r._id));
  return {
    applied: records.map((r) => ({
      id: r._id,
      description: r.description,
      appliedAt: r.appliedAt.toISOString(),
      durationMs: r.durationMs,
    })),
    pending: steps.filter((step) => !done.has(step.id)).map(({ id, description }) => ({ id, description })),
  };
}
