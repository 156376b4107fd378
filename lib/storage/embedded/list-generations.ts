import type { Db } from "mongodb";
import mongoose, { type Connection } from "mongoose";
import { serialWrite } from "@/lib/storage/embedded/insert-batched";

// Bounded windows kept as generations of collections (`<prefix>_g<n>`): the embedded database
// reads a whole collection for any query but one by `_id`, so a window is trimmed by dropping its
// oldest generation (one statement) instead of scanning it. The bare `<prefix>` is generation -1,
// the single collection earlier versions kept.

export function generationCollectionName(prefix: string, generation: number): string {
  return generation < 0 ? prefix : `${prefix}_g${generation}`;
}

/** A mongoose connection's database, or a driver database handle as given (the storage adapters'). */
const dbOf = (target: Connection | Db): Db | undefined => ("databaseName" in target ? target : target.db);

/** The generations that exist under `prefix` in `connection`'s database, newest first. */
export async function listGenerations(prefix: string, connection: Connection | Db = mongoose.connection): Promise<number[]> {
  const db = dbOf(connection);
  if (!db) return [];
  const names = await db.listCollections({ name: { $regex: `^${prefix}(_g\\d+)?$` } }, { nameOnly: true }).toArray();
  return names.map((c) => (c.name === prefix ? -1 : Number(c.name.slice(prefix.length + 2)))).sort((a, b) => b - a);
}

/** Drops every generation under `prefix` older than `keep`, one statement per turn of the single writer. */
export async function dropGenerationsBefore(
  prefix: string,
  keep: number,
  connection: Connection | Db = mongoose.connection,
): Promise<void> {
  const db = dbOf(connection);
  if (!db) return;
  for (const generation of await listGenerations(prefix, db)) {
    if (generation >= keep) continue;
    const collection = db.collection(generationCollectionName(prefix, generation));
    await serialWrite(() => collection.drop(), "upkeep", db.databaseName).catch(() => undefined);
  }
}
