import type { Db } from "mongodb";
import { createStorage } from "@/lib/storage/create-storage";
import { getNativeDb } from "@/lib/storage/database/connect";
import { registerStorage, unregisterStorage } from "@/lib/storage/registry";
import { type StorageChoice, type StorageSetting, selectStorage } from "@/lib/storage/select-storage";
import { ensureIndexes } from "@/models";

/** Picks the adapter and creates what it needs in the database (collections, its indexes). */
export async function prepareStorage(setting: StorageSetting, db: Db): Promise<StorageChoice> {
  const choice = await selectStorage(setting, db);
  await ensureIndexes(db, { allIndexes: choice.kind === "mongodb", ttl: choice.engine === "mongodb" });
  return choice;
}

/**
 * After connecting: picks the adapter, creates what it needs (collections, its indexes) and
 * registers it for the process. Returns the choice and how to close it.
 */
export async function openStorage(
  setting: StorageSetting,
  options: { journalDir?: string } = {},
): Promise<{ choice: StorageChoice; close: () => Promise<void> }> {
  const db = getNativeDb();
  const choice = await prepareStorage(setting, db);
  const storage = createStorage(choice, db, options);
  registerStorage(storage, choice);
  return {
    choice,
    close: async () => {
      unregisterStorage();
      await storage.close();
    },
  };
}
