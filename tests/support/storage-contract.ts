import { randomUUID } from "node:crypto";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { createStorage } from "@/lib/storage/create-storage";
import type { Storage, StorageKind } from "@/lib/storage/ports";
import { selectStorage } from "@/lib/storage/select-storage";
import { ensureIndexes } from "@/models";

// Contract suites run every port against both adapters on the suite's embedded FerretDB: the
// `mongodb` adapter's queries execute there (without index support), so its behaviour is checked
// even where no real mongod can run. Each adapter gets a database of its own.

export type ContractContext = { storage: () => Storage; db: () => Db; kind: StorageKind };

export function describeEachAdapter(name: string, body: (context: ContractContext) => void): void {
  for (const kind of ["embedded", "mongodb"] as const) {
    describe(`${name} (${kind} adapter)`, () => {
      let client: MongoClient | undefined;
      let db: Db | undefined;
      let storage: Storage | undefined;
      beforeAll(async () => {
        client = await MongoClient.connect(inject("mongoUri"));
        db = client.db(`contract_${kind}_${randomUUID().slice(0, 8)}`);
        const choice = await selectStorage(kind, db);
        await ensureIndexes(db, { allIndexes: kind === "mongodb", ttl: choice.engine === "mongodb" });
        storage = createStorage(choice, db);
      });
      afterAll(async () => {
        await storage?.close();
        await db?.dropDatabase().catch(() => undefined);
        await client?.close();
      });
      body({
        kind,
        storage: () => {
          if (!storage) throw new Error("the adapter is created in beforeAll");
          return storage;
        },
        db: () => {
          if (!db) throw new Error("the database is opened in beforeAll");
          return db;
        },
      });
    });
  }
}
