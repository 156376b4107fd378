import { randomUUID } from "node:crypto";
import type { Collection, Document, MongoClient } from "mongodb";
import { ObjectId } from "mongodb";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { logActivity } from "@/lib/activity/log-activity";
import { createNotification } from "@/lib/notifications/create-notification";
import { connectDb, disconnectDb } from "@/lib/storage/database/connect";
import { insertBatchedRaw } from "@/lib/storage/embedded/insert-batched";
import { openStorage } from "@/lib/storage/open-storage";
import { sampleFor } from "@/lib/webhooks/samples";
import { signHex } from "@/lib/webhooks/signatures/sign-hex";
import { type RunningApp, startApp } from "../support/app-process";
import { api, signUp } from "../support/http";
import { logDb, openMongo, storedCounts, tenantSecret } from "../support/webhooks";

// Issue 19, item 4: one sender's input that storage refuses must fail that delivery alone, with a
// 4xx, and never the other tenants' deliveries sharing its group commit. A server of its own on the
// suite's database, so that its log can be read for stack traces and ingest failures.
const mongoUri = inject("mongoUri");
let app: RunningApp;
let mongo: MongoClient;

beforeAll(async () => {
  [app, mongo] = await Promise.all([startApp({ env: { MONGODB_URI: mongoUri } }), openMongo(mongoUri)]);
});
afterAll(async () => {
  await mongo.close();
  await app.stop();
});

// A small seeded PRNG so a failure reproduces with the same inputs.
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

type Tenant = { tenantId: string; secret: string };

async function tenant(): Promise<Tenant> {
  const { tenantId } = await signUp(app.baseUrl);
  return { tenantId, secret: await tenantSecret(mongo, tenantId) };
}

type Answer = { status: number; text: string; body: Record<string, unknown> | null };

async function post(t: Tenant, path: string, body: string | Buffer): Promise<Answer> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-webhook-signature": signHex(body, t.secret) },
    body: typeof body === "string" ? body : new Blob([new Uint8Array(body)]),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> | null = null;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {}
  return { status: response.status, text, body: parsed };
}

const orderBody = (t: Tenant, orderNumber: string, metadataJson?: string) =>
  `{"tenantId":"${t.tenantId}","orderNumber":"${orderNumber}","customerName":"C","amount":5${metadataJson === undefined ? "" : `,"metadata":${metadataJson}`}}`;

const storedOrder = (t: Tenant, orderNumber: string) =>
  mongo
    .db()
    .collection("orders")
    .findOne({ tenantId: new ObjectId(t.tenantId), orderNumber });

// Runs `tasks` with at most `width` in flight.
async function pool<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await (tasks[index] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

function expectNoServerFailure(): void {
  const output = app.output();
  expect(output).not.toContain("webhook ingest failed");
  expect(output).not.toContain("request failed");
  expect(output).not.toMatch(/\n\s+at \S+ \(.*:\d+:\d+\)/);
}

// Generated metadata at the boundary of what the databases store: keys and values MongoDB or
// FerretDB v1 refuse or change, written as raw JSON text (so `1e400` and lone surrogates reach the
// server as a platform would send them). `expectedMetadata` says independently what should come
// of each: refused (400), or stored exactly like this.
const KEYS = [
  "",
  "a",
  "b",
  "a.b",
  ".",
  "..x",
  "$x",
  "x$",
  "$",
  "a\u0000",
  "\u0000",
  "\ud800",
  "\udc00",
  "__proto__",
  "constructor",
  "prototype",
  "_id",
  "😀",
  " ",
  "k".repeat(101),
  "x".repeat(5000),
  "\u0001",
  "a\uff0eb",
];
const NUMBERS = [
  "0",
  "-0",
  "1",
  "-1.5",
  "1e308",
  "9223372036854775808",
  "123456789012345678901234567890",
  "1e-400",
  "1e400",
  "-1e400",
  "2147483648",
  "0.1",
];
const STRINGS = ["", "x", "a\u0000b", "\u0001\u001f", "$x", "a.b", "😀", "\ud800", "\udfff\ud800", "y".repeat(3000)];

function metadataGenerator(seed: number) {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const value = (depth: number): string => {
    const r = random();
    if (r < 0.3) return pick(NUMBERS);
    if (r < 0.55) return JSON.stringify(pick(STRINGS));
    if (r < 0.6) return pick(["true", "false", "null"]);
    if (r < 0.8 && depth < 8) return `[${Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1)).join(",")}]`;
    if (depth < 8) return object(depth, 4);
    return "1";
  };
  const object = (depth: number, width: number): string => {
    const keys = new Set(Array.from({ length: Math.floor(random() * width) }, () => pick(KEYS)));
    return `{${[...keys].map((key) => `${JSON.stringify(key)}:${value(depth + 1)}`).join(",")}}`;
  };
  return () => object(0, 7);
}

const REFUSED = Symbol("refused");
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function expectedMetadata(metadata: Record<string, unknown>): unknown {
  const stored = (value: unknown, depth: number, inArray: boolean): unknown => {
    if (depth > 6) throw REFUSED;
    if (Array.isArray(value)) {
      if (inArray) throw REFUSED;
      return value.map((item) => stored(item, depth + 1, true));
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw REFUSED;
      // The driver writes an integral number as an int32 or int64 (and -0 has no sign there).
      return Object.is(value, -0) ? 0 : value;
    }
    // BSON holds UTF-8: a lone surrogate becomes U+FFFD.
    if (typeof value === "string") return value.replace(LONE_SURROGATE, "\ufffd");
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (["__proto__", "constructor", "prototype"].includes(key)) continue;
      if (key.includes("\u0000")) throw REFUSED;
      const name = key.replace(/\./g, "\uff0e").replace(/^\$/, "\uff04").replace(LONE_SURROGATE, "\ufffd");
      // Two keys one stored key would stand for: refused rather than one of them lost.
      if (Object.hasOwn(out, name)) throw REFUSED;
      out[name] = stored(inner, depth + 1, false);
    }
    return out;
  };
  try {
    const out = stored(metadata, 0, false) as Record<string, unknown>;
    if (Object.keys(out).length > 50 || Object.keys(out).some((key) => key.length > 100)) return REFUSED;
    return out;
  } catch (error) {
    if (error === REFUSED) return REFUSED;
    throw error;
  }
}

describe("a delivery storage refuses fails alone", () => {
  it("answers 400 to a tenant's NUL-keyed metadata while another tenant's 120 orders are all stored", async () => {
    const [a, b] = await Promise.all([tenant(), tenant()]);
    const hostile = Array.from({ length: 40 }, (_, i) => ({
      from: "a",
      send: () => post(a, `/api/webhooks/${a.tenantId}/orders`, orderBody(a, `A-${i}`, '{"a\\u0000":1}')),
    }));
    const ordinary = Array.from({ length: 120 }, (_, i) => ({
      from: "b",
      send: () => post(b, `/api/webhooks/${b.tenantId}/orders`, orderBody(b, `B-${i}`)),
    }));
    // Interleaved, so the hostile deliveries land in the same group commits as the ordinary ones.
    const tasks = ordinary.flatMap((task, i) => (i % 3 === 0 ? [task, hostile[i / 3] as typeof task] : [task]));
    const answers = await pool(
      tasks.map((task) => task.send),
      16,
    );
    const forA = answers.filter((_, i) => tasks[i]?.from === "a");
    const forB = answers.filter((_, i) => tasks[i]?.from === "b");
    expect(forB.map((r) => r.status)).toEqual(Array(120).fill(201));
    expect(forA.map((r) => r.status)).toEqual(Array(40).fill(400));
    expect(forA[0]?.body).toMatchObject({
      success: false,
      error: "Invalid input",
      details: [{ path: "metadata.a\\u0000", message: expect.stringContaining("NUL") }],
    });
    const counts = await storedCounts(mongo, b.tenantId);
    expect(counts.orders).toBe(120);
    expect((await storedCounts(mongo, a.tenantId)).orders).toBe(0);
    expectNoServerFailure();
  });

  it("answers 400 at once, never retried forever, to metadata FerretDB cannot hold, and a userId no collection can be named after", async () => {
    const t = await tenant();
    const refused: Array<[string, string, string]> = [
      ['{"x":[[1,2]]}', "metadata.x.0", "array directly inside an array"],
      ['{"x":[{"y":[[]]}]}', "metadata.x.0.y.0", "array directly inside an array"],
      ['{"big":1e400}', "metadata.big", "finite"],
      ['{"o":{"\\u0000":true}}', "metadata.o.\\u0000", "NUL"],
    ];
    for (const [metadata, path, message] of refused) {
      const answer = await post(t, `/api/webhooks/${t.tenantId}/orders`, orderBody(t, `R-${randomUUID()}`, metadata));
      expect(answer.status, metadata).toBe(400);
      expect(answer.body).toMatchObject({ success: false, details: [{ path, message: expect.stringContaining(message) }] });
    }
    const note = (userId: string) =>
      post(
        t,
        `/api/webhooks/${t.tenantId}/notifications`,
        JSON.stringify({ tenantId: t.tenantId, title: "T", message: "M", userId }),
      );
    expect((await note("a$b")).body).toMatchObject({ success: false, details: [{ path: "userId" }] });
    expect((await note("a\u0000b")).status).toBe(400);
    expect((await note("crm.user-7")).status).toBe(201);
    expect((await storedCounts(mongo, t.tenantId)).orders).toBe(0);
    expectNoServerFailure();
  });

  it("holds the notifications API to the same rule: metadata it cannot store is a 400, escaped keys are stored", async () => {
    const session = await signUp(app.baseUrl);
    const create = (metadata: unknown) =>
      api(session, "/api/notifications", { method: "POST", body: JSON.stringify({ title: "T", message: "M", metadata }) });
    const refused = await create({ "a.b": 1, x: [[1]] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ success: false, details: [{ path: "metadata.x.0" }] });
    const created = await create({ "a.b": 1, $where: "x" });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ notification: { metadata: { "a\uff0eb": 1, "\uff04where": "x" } } });
  });

  it("answers a malformed percent-encoded path with an immediate 400 and logs no stack trace", async () => {
    const t = await tenant();
    for (const segment of ["%E0%A4%A", "%", "%ZZ", "%C0%80", "%ED%A0%80"]) {
      const started = Date.now();
      const answer = await post(t, `/api/webhooks/${segment}/orders`, orderBody(t, "P-1"));
      expect(answer.status, segment).toBe(400);
      expect(answer.body).toMatchObject({ success: false, error: "Malformed URL path" });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    // The server still answers on the same port afterwards.
    expect((await post(t, `/api/webhooks/${t.tenantId}/orders`, orderBody(t, "P-2"))).status).toBe(201);
    expectNoServerFailure();
  });
});

describe("what validation accepts, storage can store", () => {
  it("stores exactly what it accepts of 160 generated metadata objects, and refuses the rest with 400", async () => {
    const t = await tenant();
    const next = metadataGenerator(19_04_2026);
    const cases = Array.from({ length: 160 }, (_, i) => ({ orderNumber: `G-${i}`, metadata: next() }));
    const answers = await pool(
      cases.map(
        ({ orderNumber, metadata }) =>
          () =>
            post(t, `/api/webhooks/${t.tenantId}/orders`, orderBody(t, orderNumber, metadata)),
      ),
      8,
    );
    let stored = 0;
    for (const [i, { orderNumber, metadata }] of cases.entries()) {
      const answer = answers[i] as Answer;
      const expected = expectedMetadata(JSON.parse(metadata) as Record<string, unknown>);
      const label = `case ${i}: ${metadata.slice(0, 300)}`;
      const order = await storedOrder(t, orderNumber);
      if (expected === REFUSED) {
        expect(answer.status, label).toBe(400);
        expect(answer.body, label).toMatchObject({ success: false, error: "Invalid input" });
        const paths = ((answer.body?.details ?? []) as Array<{ path: string }>).map((d) => d.path);
        expect(paths.length, label).toBeGreaterThan(0);
        expect(
          paths.every((path) => path.startsWith("metadata")),
          label,
        ).toBe(true);
        expect(order, label).toBeNull();
      } else {
        expect(answer.status, `${label} → ${answer.text}`).toBe(201);
        expect(order?.metadata, label).toEqual(expected);
        stored += 1;
      }
    }
    // The generator reaches both sides of the boundary.
    expect(stored).toBeGreaterThan(30);
    expect(cases.length - stored).toBeGreaterThan(30);
    expectNoServerFailure();
  });
});

// Bodies and paths a broken or hostile sender posts: generated metadata, wrong types, numbers
// JSON can write but not hold, NUL characters and bytes, bad JSON, bad paths, unusable userIds.
function hostileRequests(t: Tenant, seed: number, count: number): Array<{ path: string; body: string | Buffer }> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const metadata = metadataGenerator(seed + 1);
  const id = t.tenantId;
  let n = 0;
  const number = () => `H-${seed}-${n++}`;
  const scoped = (kind: string) => `/api/webhooks/${id}/${kind}`;
  const wrong = ["null", "true", "-1", '""', "[]", "{}", '{"$gt":0}', "1e400", '"9"', `"${"x".repeat(5000)}"`];
  const generators: Array<() => { path: string; body: string | Buffer }> = [
    () => ({ path: scoped("orders"), body: orderBody(t, number(), metadata()) }),
    () => ({
      path: scoped("payments"),
      body: `{"tenantId":"${id}","orderNumber":"${number()}","amount":1,"status":"paid","paymentId":"${number()}","metadata":${metadata()}}`,
    }),
    () => ({ path: scoped("notifications"), body: `{"tenantId":"${id}","title":"T","message":"M","metadata":${metadata()}}` }),
    () => ({
      path: scoped("orders"),
      body: `{"tenantId":"${id}","orderNumber":${pick([`"${number()}"`, ...wrong])},"customerName":${pick(['"C"', ...wrong])},"amount":${pick(["1", ...wrong])},"items":${pick(["[]", ...wrong])}}`,
    }),
    () => ({
      path: scoped("orders"),
      body: `{"tenantId":"${id}","orderNumber":"${number()}","customerName":"C","amount":${pick(["1e400", "-1e400", "1e13", "9007199254740993", "-0", "1e-400"])},"items":[{"productId":"p","productName":"n","quantity":${pick(["1e400", "1.5", "0", "1e7", "2"])},"price":${pick(["1e400", "-0", "1"])}}]}`,
    }),
    () => ({
      path: scoped(pick(["orders", "notifications"])),
      body: `{"tenantId":"${id}","orderNumber":"${number()}\\u0000","customerName":"\\u0000","title":"\\u0000t","message":"m\\u0000","amount":1}`,
    }),
    () => ({
      path: scoped("orders"),
      body: Buffer.concat([Buffer.from(`{"tenantId":"${id}","orderNumber":"`), Buffer.from([0, 0xff]), Buffer.from('"}')]),
    }),
    () => ({
      path: scoped(pick(["orders", "payments", "notifications"])),
      body: pick(["", "{", "{}}", "[", "nul", '{"tenantId":', "\u0000", '{"a":1e400', "[[[[[[[[[["]),
    }),
    () => ({
      path: scoped("notifications"),
      body: JSON.stringify({
        tenantId: id,
        title: "T",
        message: "M",
        userId: pick(["a$b", "$", "\u0000", "x".repeat(65), "ok.user"]),
      }),
    }),
    () => ({
      path: `/api/webhooks/${pick(["%E0%A4%A", "%", "%ZZ%ZZ", "%C0%80", `${id}%`, "%ED%A0%80"])}/${pick(["orders", "payments"])}`,
      body: orderBody(t, number()),
    }),
    () => ({
      path: "/api/webhooks/orders",
      body: `{"tenantId":${pick([`"${id}"`, '"%E0"', '"\\u0000"', "null", "[1]"])},"orderNumber":"${number()}","customerName":"C","amount":1,"metadata":${metadata()}}`,
    }),
  ];
  return Array.from({ length: count }, () => pick(generators)());
}

describe("fuzz: several hostile tenants at once", () => {
  it("accepts and stores every valid delivery of the other tenants, and answers nothing with a 500", async () => {
    const hostile = await Promise.all([tenant(), tenant(), tenant()]);
    const honest = await Promise.all([tenant(), tenant(), tenant()]);
    const random = prng(4_19);
    type Task = { honest: boolean; send: () => Promise<Answer> };
    const tasks: Task[] = [
      ...hostile.flatMap((t, i) =>
        hostileRequests(t, 1000 + i, 90).map(({ path, body }) => ({ honest: false, send: () => post(t, path, body) })),
      ),
      ...honest.flatMap((t) =>
        Array.from({ length: 40 }, (_, i) => {
          const body = JSON.stringify(sampleFor("orders", t.tenantId, { orderNumber: `OK-${i}` }));
          // Both routes: the tenant in the path, and the tenant in the body only.
          const path = i % 2 === 0 ? `/api/webhooks/${t.tenantId}/orders` : "/api/webhooks/orders";
          return { honest: true, send: () => post(t, path, body) };
        }),
      ),
    ];
    // Shuffled (seeded), so honest deliveries share group commits with hostile ones.
    for (let i = tasks.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [tasks[i], tasks[j]] = [tasks[j] as Task, tasks[i] as Task];
    }
    const started = Date.now();
    const answers = await pool(
      tasks.map((task) => task.send),
      16,
    );
    expect(Date.now() - started).toBeLessThan(30_000);

    const failures = answers.flatMap((answer, i) =>
      answer.status >= 500 || answer.body === null || /\bat \S+\.(ts|js):\d+/.test(answer.text)
        ? [`${i}: ${answer.status} ${answer.text.slice(0, 200)}`]
        : [],
    );
    expect(failures).toEqual([]);
    const honestStatuses = answers.filter((_, i) => tasks[i]?.honest).map((answer) => answer.status);
    expect(honestStatuses).toEqual(Array(120).fill(201));
    for (const t of honest) {
      const orders = await mongo
        .db()
        .collection("orders")
        .find({ tenantId: new ObjectId(t.tenantId) }, { projection: { orderNumber: 1 } })
        .toArray();
      expect(orders.map((o) => o.orderNumber).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `OK-${i}`).sort());
      expect(await storedCounts(mongo, t.tenantId)).toMatchObject({ orders: 40, events: 40, rejected: 0 });
    }
    expectNoServerFailure();
  });
});

describe("group commit against the embedded database", () => {
  // logActivity reaches the database through the process's storage, as in the server.
  let storage: Awaited<ReturnType<typeof openStorage>> | undefined;
  beforeAll(async () => {
    await connectDb(mongoUri);
    storage = await openStorage("auto");
  });
  afterAll(async () => {
    await storage?.close();
    await disconnectDb();
  });

  it("fails only the refused documents of a batch, whether the driver or the database refuses them", async () => {
    const collection = mongoose.connection.collection(`isolation_${randomUUID().slice(0, 8)}`) as unknown as Collection<Document>;
    // Queued in one turn: one group commit. NUL keys fail the whole insertMany in the driver;
    // nested arrays and infinities are refused by FerretDB.
    const bad = new Map<number, Document>([
      [3, { "a\u0000": 1 }],
      [11, { x: [[1]] }],
      [12, { "\u0000": { y: 2 } }],
      [29, { n: Number.POSITIVE_INFINITY }],
    ]);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        insertBatchedRaw(collection, { _id: new ObjectId(), i, m: bad.get(i) ?? { ok: true } }),
      ),
    );
    const failed = outcomes.flatMap((o, i) => (o.status === "rejected" ? [i] : []));
    expect(failed).toEqual([...bad.keys()]);
    const stored = (await collection.find({}).toArray()).map((d) => d.i as number).sort((x, y) => x - y);
    expect(stored).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((i) => !bad.has(i)));
    await collection.drop();
  });

  it("keeps the activity log and the notification feed appending around a refused entry", async () => {
    const tenantId = new ObjectId().toHexString();
    const entries = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        logActivity(tenantId, {
          kind: "test.isolation",
          actor: { type: "system" },
          summary: `entry ${i}`,
          refs: i === 4 ? { "k\u0000": 1 } : { i },
        }),
      ),
    );
    expect(entries.map((e) => e.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i === 4 ? "rejected" : "fulfilled")));
    const logged = await logDb(mongo)
      .collection("activity_logs")
      .find({ tenantId: new ObjectId(tenantId) })
      .toArray();
    expect(logged.map((d) => d.summary).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `entry ${i}`)
        .filter((_, i) => i !== 4)
        .sort(),
    );

    const notes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        createNotification(
          tenantId,
          `isolation:${i}`,
          { title: `n${i}`, message: "m", metadata: i === 2 ? { "z\u0000": 1 } : i === 6 ? { x: [[1]] } : { i } },
          { uniqueCause: true },
        ).then((created) => created.durable.then(() => created.notification)),
      ),
    );
    expect(notes.map((n) => n.status)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 2 || i === 6 ? "rejected" : "fulfilled")),
    );
    const archived = await mongo
      .db()
      .collection("notifications")
      .find({ tenantId: new ObjectId(tenantId) })
      .toArray();
    expect(archived.map((d) => d.title).sort()).toEqual(["n0", "n1", "n3", "n4", "n5", "n7", "n8", "n9"]);
  });
});
