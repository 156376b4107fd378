import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { tempDir } from "../../support/app-process";

// docs/reliability.md, finding 11: FerretDB v1.24 creates a collection in three SQLite statements
// outside one transaction. Killed in between, it leaves a table without its row in
// `_ferretdb_collections` (every later insert fails with `table "…" already exists`: a tenant's
// notification window refused every notification for good), or a row without its unique _id index
// (duplicates accepted). The test leaves exactly those states in the SQLite file, as a crash does,
// and checks that the embedded database, started again, stores into both collections as a new one.

const DB = "pulseboard_repair";

function sqlite(file: string, statement: string): string {
  const run = spawnSync("sqlite3", [file, statement], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`sqlite3 failed: ${run.stderr || run.error}`);
  return run.stdout.trim();
}

async function withDatabase<T>(dataDir: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const db = await startEmbeddedDb({ dataDir, advertise: false });
  const client = new MongoClient(db.uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.close();
    await db.stop();
  }
}

describe("the embedded database mends collections a crash left half-created", () => {
  it("stores again into a collection whose table outlived its record, and refuses duplicate _ids again in one that lost its index", async () => {
    const dataDir = tempDir("db-repair");
    await withDatabase(dataDir, async (client) => {
      const db = client.db(DB);
      await db.collection("kept").insertOne({ _id: "a" as never, note: "stays" });
      // Created, then emptied: the table and its record exist, as right after FerretDB made them.
      for (const name of ["inbox_t_g1", "inbox_t_g2"]) {
        await db.collection(name).insertOne({ _id: "x" as never });
        await db.collection(name).deleteMany({});
      }
    });

    const file = readdirSync(path.join(dataDir, "db"))
      .filter((name) => name.endsWith(".sqlite"))
      .map((name) => path.join(dataDir, "db", name))
      .find((candidate) => sqlite(candidate, "SELECT count(*) FROM _ferretdb_collections WHERE name = 'kept'") === "1");
    expect(file, "the SQLite file of the test's database").toBeDefined();
    if (!file) return;
    // The crash between CREATE TABLE and the record; and between the record and the _id index.
    sqlite(file, "DELETE FROM _ferretdb_collections WHERE name = 'inbox_t_g1'");
    sqlite(file, "UPDATE _ferretdb_collections SET settings = '{}' WHERE name = 'inbox_t_g2'");

    await withDatabase(dataDir, async (client) => {
      const db = client.db(DB);
      await db.collection("inbox_t_g1").insertOne({ _id: "n1" as never, title: "after the crash" });
      expect(await db.collection("inbox_t_g1").findOne({ _id: "n1" as never })).toMatchObject({ title: "after the crash" });

      await db.collection("inbox_t_g2").insertOne({ _id: "n2" as never });
      await expect(db.collection("inbox_t_g2").insertOne({ _id: "n2" as never })).rejects.toMatchObject({ code: 11000 });
      expect(await db.collection("inbox_t_g2").countDocuments({})).toBe(1);

      expect(await db.collection("kept").findOne({ _id: "a" as never })).toMatchObject({ note: "stays" });
    });
  }, 60_000);
});
