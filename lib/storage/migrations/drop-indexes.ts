import type { Collection } from "mongodb";

/**
 * Drops each named index where it exists, for migrations that retire indexes: one that is absent
 * (a new database, or a step run again) is already done. Returns how many were dropped.
 */
export async function dropIndexes(targets: Array<{ collection: Collection; index: string }>): Promise<number> {
  let dropped = 0;
  for (const { collection, index } of targets) {
    const exists = await collection
      .indexes()
      .then((list) => list.some((i) => i.name === index))
      .catch(() => false);
    if (!exists) continue;
    await collection.dropIndex(index);
    dropped += 1;
  }
  return dropped;
}
