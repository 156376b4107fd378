import type { Db } from "mongodb";

/**
 * One step of `migrations/`. `up` must be idempotent: it runs again after a crash half-way (the
 * step is recorded only once it has returned), and FerretDB v1 has no transactions to undo a
 * half-done step. It gets the driver's `Db`, not the models, so a step keeps meaning what it meant
 * when it was written. It may return one line for the log ("moved 3 …").
 */
export type Migration = {
  /** `NNN-kebab-name`, the file's name: steps apply in this order. */
  id: string;
  description: string;
  up: (db: Db) => Promise<string | undefined>;
};

/** The `migrations` collection: one document per applied step. */
export type MigrationRecord = { _id: string; description: string; appliedAt: Date; durationMs: number };

export const MIGRATIONS_COLLECTION = "migrations";
