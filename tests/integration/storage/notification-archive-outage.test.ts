import { randomUUID } from "node:crypto";
import { type Collection, type Db, MongoClient, MongoNetworkError, ObjectId } from "mongodb";
import { afterAll, beforeAll, expect, inject, it, vi } from "vitest";
import { createStorage } from "@/lib/storage/create-storage";
import type { Storage } from "@/lib/storage/ports";
import type { NewNotificationRecord } from "@/lib/storage/ports/notifications";
import { selectStorage } from "@/lib/storage/select-storage";
import { ensureIndexes } from "@/models";

// The embedded adapter writes a notification twice: into the bell's window, then into the archive.
// When the database goes away between the two (the db drill under load: 8 of 266 notifications),
// the window's copy was pushed and answered, yet a replay of its event that came after a hundred
// newer notifications took a second position, and the first copy vanished with its generation.
// The outage is the driver's own network error on the archive's insert; everything else is the
// suite's real FerretDB.

let client: MongoClient;
let db: Db;
let storage: Storage;
let archiveDown = false;

beforeAll(async () => {
  // The adapter logs the failed archive insert; the logger reads the configuration, where Vite's
  // own BASE_URL ("/") is not an absolute URL.
  vi.stubEnv("BASE_URL", "http://localhost:3000");
  client = await MongoClient.connect(inject("mongoUri"));
  const real = client.db(`archive_outage_${randomUUID().slice(0, 8)}`);
  await ensureIndexes(real, { allIndexes: false, ttl: false });
  // The same database, except that while `archiveDown` the archive's inserts fail as a dropped
  // connection does (after the window's insert has been acknowledged).
  db = new Proxy(real, {
    get(target, property, receiver) {
      if (property !== "collection") return Reflect.get(target, property, receiver);
      return (name: string, options?: object) => {
        const collection = target.collection(name, options);
        if (name !== "notifications") return collection;
        return new Proxy(collection, {
          get(inner: Collection, key, innerReceiver) {
            if ((key === "insertMany" || key === "insertOne") && archiveDown)
              return () => Promise.reject(new MongoNetworkError("read ECONNRESET (the archive outage this test makes)"));
            const value = Reflect.get(inner, key, innerReceiver);
            return typeof value === "function" ? value.bind(inner) : value;
          },
        });
      };
    },
  });
  storage = createStorage(await selectStorage("embedded", db), db);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await storage?.close();
  await client
    ?.db(db.databaseName)
    .dropDatabase()
    .catch(() => undefined);
  await client?.close();
});

const entry = (title: string): NewNotificationRecord => ({
  feed: "t",
  userId: null,
  title,
  message: `${title} happened`,
  type: "info",
  priority: "medium",
  actionUrl: null,
  actionText: null,
  metadata: {},
});

it("keeps a notification stored only in the window through an archive outage: a late replay finds it, no second copy", async () => {
  const tenant = new ObjectId().toHexString();
  const port = storage.notifications;

  archiveDown = true;
  const first = await port.append(tenant, "delivery:outage-1", entry("During the outage"));
  archiveDown = false;
  // Created (it is in the window, and was pushed), but not durable: its event stays unfinished.
  expect(first.created).toBe(true);
  await expect(first.durable).rejects.toThrow(/ECONNRESET/);

  // Past what the adapter keeps in mind of recent causes, and across two window generations.
  for (let i = 1; i <= 120; i++) await (await port.append(tenant, `delivery:after-${i}`, entry(`After ${i}`))).durable;

  // The event's replay (or its sender's retry) answers with the notification the window held.
  const replayed = await port.append(tenant, "delivery:outage-1", entry("During the outage"), { maybeStored: true });
  expect(replayed.created).toBe(false);
  expect(replayed.notification.id).toBe(first.notification.id);
  await replayed.durable;
  expect(await port.find(tenant, first.notification.id)).toMatchObject({ title: "During the outage" });

  // One notification per cause, at dense positions: 121 in all, none lost when generations were dropped.
  const inbox = await port.readInbox(tenant, null);
  expect(inbox.heads.t).toBe(121);
  const older = await port.readPositions(tenant, { feed: "t", userId: null }, [first.notification.seq]);
  expect(older.map((n) => n.id)).toEqual([first.notification.id]);
  expect(await db.collection("notifications").countDocuments({ tenantId: new ObjectId(tenant) })).toBe(121);
});
