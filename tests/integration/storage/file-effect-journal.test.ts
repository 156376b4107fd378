import { appendFileSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type Db, MongoClient, ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createEmbeddedEffectJournal } from "@/lib/storage/embedded/effect-journal";
import { createFileEffectJournal } from "@/lib/storage/embedded/file-effect-journal";
import type { NewJournalEntry } from "@/lib/storage/ports/effect-journal";
import { tempDir } from "../../support/app-process";

// The effect journal of a server that owns its embedded database is a file beside it
// (lib/storage/embedded/file-effect-journal.ts). What a restarted server must find there is what
// the previous process left open, whatever it was doing when it died; and an upgraded server must
// take over what the collection journal of the previous version left open.

const tenant = () => new ObjectId().toHexString();
let sequence = 0;
const event = (eventKey = `order:ORD-F${++sequence}:pending`): NewJournalEntry => ({
  eventKey,
  kind: "orders",
  input: { orderNumber: eventKey, status: "pending", amount: 10 },
  deliveryId: null,
  scheme: "hex",
  headers: { "content-type": "application/json" },
  rawBody: `{"orderNumber":"${eventKey}"}`,
});

let client: MongoClient;
let db: Db;
beforeAll(async () => {
  client = await MongoClient.connect(inject("mongoUri"));
  db = client.db(`file_journal_${new ObjectId().toHexString().slice(-8)}`);
});
afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

describe("the embedded server's file effect journal", () => {
  it("finds after a restart exactly what was left open, under the ids the collection journal gives", async () => {
    const dir = tempDir("file-journal");
    const collection = createEmbeddedEffectJournal(db);
    const [a, b] = [tenant(), tenant()];

    const first = createFileEffectJournal({ dir, takeOver: collection, log: () => {} });
    const left = await first.open(a, event("orders/dlv_left"));
    expect(left.opened).toBe(true);
    expect((await first.open(a, event("orders/dlv_left"))).opened).toBe(false);
    const finished = await first.open(b, event());
    // Another tenant cannot close it.
    await first.close(a, finished.entry.id);
    expect((await first.listDue(new Date(Date.now() + 1_000), 10)).map((e) => e.id)).toContain(finished.entry.id);
    await first.close(b, finished.entry.id);
    await first.stop();
    // The process died while writing a line: its end is torn.
    appendFileSync(path.join(dir, "effect-journal.jsonl"), '{"o":{"id":"5f');

    const restarted = createFileEffectJournal({ dir, takeOver: collection, log: () => {} });
    const due = await restarted.listDue(new Date(Date.now() + 1_000), 10);
    expect(due.map((e) => e.id)).toEqual([left.entry.id]);
    expect(due[0]).toMatchObject({
      tenantId: a,
      eventKey: "orders/dlv_left",
      rawBody: left.entry.rawBody,
      input: left.entry.input,
    });
    expect(due[0]?.openedAt.getTime()).toBe(left.entry.openedAt.getTime());
    // A retry of the open event finds it open; the finished one opens anew.
    expect(await restarted.open(a, event("orders/dlv_left"))).toMatchObject({ opened: false, entry: { id: left.entry.id } });
    expect((await restarted.open(b, event(finished.entry.eventKey))).opened).toBe(true);

    // The same event opened in the collection journal has the same id: records carry it as their event.
    const inCollection = await collection.open(a, event("orders/dlv_left"));
    expect(inCollection.entry.id).toBe(left.entry.id);
    await collection.close(a, inCollection.entry.id);
    await restarted.stop();

    // Rewritten at start: only open entries, readable by this user alone.
    const lines = readFileSync(path.join(dir, "effect-journal.jsonl"), "utf8").trim().split("\n");
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(statSync(path.join(dir, "effect-journal.jsonl")).mode & 0o077).toBe(0);
  });

  it("settles every open and close made back to back, across a compaction, and a restart finds the open ones", async () => {
    const dir = tempDir("file-journal-burst");
    const journal = createFileEffectJournal({ dir, takeOver: createEmbeddedEffectJournal(db), log: () => {} });
    const t = tenant();
    // Bodies of 64 KB: 200 entries pass the 8 MB after which the file is rewritten with the open ones.
    const big = (key: string): NewJournalEntry => ({ ...event(key), rawBody: "x".repeat(64 * 1024) });
    const within = <T>(promise: Promise<T>) =>
      Promise.race([
        promise,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("not settled in 10 s")), 10_000)),
      ]);

    // Opened in one turn of the event loop, as a group commit's events are; then closed in one turn.
    const opened = await within(
      Promise.all(Array.from({ length: 200 }, (_, i) => journal.open(t, big(`orders/dlv_burst_${i}`)))),
    );
    expect(opened.every((o) => o.opened)).toBe(true);
    await within(Promise.all(opened.map((o) => o.durable)));
    const keep = opened.filter((_, i) => i % 10 === 0).map((o) => o.entry.id);
    await within(Promise.all(opened.filter((o) => !keep.includes(o.entry.id)).map((o) => journal.close(t, o.entry.id))));
    // A retry of an open event finds it open and waits for a flush of its own.
    const retried = await within(journal.open(t, big("orders/dlv_burst_0")));
    expect(retried.opened).toBe(false);
    await within(retried.durable);
    await journal.stop();
    expect(statSync(path.join(dir, "effect-journal.jsonl")).size).toBeLessThan(8 * 1024 * 1024);

    const restarted = createFileEffectJournal({ dir, takeOver: createEmbeddedEffectJournal(db), log: () => {} });
    const due = await restarted.listDue(new Date(Date.now() + 1_000), 500);
    expect(due.map((e) => e.id).sort()).toEqual([...keep].sort());
    await restarted.stop();
  });

  it("takes over, at start, the entries a collection journal left open, and empties it", async () => {
    const dir = tempDir("file-journal-takeover");
    const collection = createEmbeddedEffectJournal(db);
    const t = tenant();
    const older = (await collection.open(t, event())).entry;
    const newer = (await collection.open(t, event())).entry;

    const journal = createFileEffectJournal({ dir, takeOver: collection, log: () => {} });
    const due = await journal.listDue(new Date(Date.now() + 1_000), 10);
    expect(due.map((e) => e.id)).toEqual([older.id, newer.id]);
    expect(await collection.listDue(new Date(Date.now() + 1_000), 10)).toEqual([]);
    await journal.close(t, older.id);
    await journal.stop();

    const again = createFileEffectJournal({ dir, takeOver: collection, log: () => {} });
    expect((await again.listDue(new Date(Date.now() + 1_000), 10)).map((e) => e.id)).toEqual([newer.id]);
    await again.stop();
  });
});
