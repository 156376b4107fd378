import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type MongoClient, ObjectId } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import { type RunningApp, startApp, tempDir } from "../support/app-process";
import { api, signUp } from "../support/http";
import { openMongo, storedCounts, uniqueOrder } from "../support/webhooks";

// Drill finding 5 (docs/reliability.md): under steady load on kept-alive connections, SIGTERM never
// finished — Node keeps serving requests on a connection kept alive after server.close(), and the
// shutdown waited for every connection to end. Here platforms keep two such connections busy, one
// webhook after another, while the server is told to stop.

type Attempt = {
  startedAt: number;
  status: number | null;
  error: string | null;
  reusedSocket: boolean;
  body: string;
  orderNumber: string;
};

const closing: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closing.reverse()) await close();
});

/** One signed order over `agent`'s single kept-alive connection; the answer read to its end. */
function sendOrder(baseUrl: string, agent: Agent, tenantId: string, secret: string): Promise<Attempt> {
  const payload = uniqueOrder(tenantId);
  const signed = buildSignedRequest({ baseUrl, kind: "orders", payload, secret });
  const attempt: Attempt = {
    startedAt: Date.now(),
    status: null,
    error: null,
    reusedSocket: false,
    body: "",
    orderNumber: String(payload.orderNumber),
  };
  return new Promise((resolve) => {
    const req = request(signed.url, { method: "POST", agent, headers: signed.headers, timeout: 15_000 }, (res) => {
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (attempt.body += chunk));
      res.on("end", () => {
        attempt.status = res.statusCode ?? null;
        resolve(attempt);
      });
      res.on("error", (error) => {
        attempt.error = (error as NodeJS.ErrnoException).code ?? error.message;
        resolve(attempt);
      });
    });
    req.on("timeout", () => req.destroy(new Error("client timeout")));
    req.on("error", (error) => {
      attempt.reusedSocket = req.reusedSocket;
      attempt.error = (error as NodeJS.ErrnoException).code ?? error.message;
      resolve(attempt);
    });
    req.on("socket", () => {
      attempt.reusedSocket = req.reusedSocket;
    });
    req.end(signed.body);
  });
}

async function tenantOrderNumbers(mongo: MongoClient, tenantId: string): Promise<Set<string>> {
  const docs = await mongo
    .db()
    .collection("orders")
    .find({ tenantId: new ObjectId(tenantId) }, { projection: { orderNumber: 1 } })
    .toArray();
  return new Set(docs.map((d) => String(d.orderNumber)));
}

/** What the tenant has stored, read from the app's own embedded database while it runs. */
async function countsOf(dataDir: string, tenantId: string) {
  const { uri } = JSON.parse(readFileSync(path.join(dataDir, "embedded-db.json"), "utf8")) as { uri: string };
  const mongo = await openMongo(`${uri}pulseboard`);
  try {
    return { counts: await storedCounts(mongo, tenantId), orderNumbers: await tenantOrderNumbers(mongo, tenantId) };
  } finally {
    await mongo.close();
  }
}

describe("SIGTERM under keep-alive load", () => {
  it("refuses requests on kept-alive connections once stopping, finishes those in flight and their effects, and exits 0", async () => {
    const dataDir = tempDir("shutdown-keep-alive");
    let app: RunningApp = await startApp({ env: { DATA_DIR: dataDir } });
    closing.push(() => app.stop());
    const owner = await signUp(app.baseUrl);
    const rotated = await api(owner, "/api/webhooks/settings/generate-secret", { method: "POST", body: "{}" });
    const { webhookSecret } = (await rotated.json()) as { webhookSecret: string };
    // What the sign-up wrote already (its activity entries, a welcome notification, if any).
    const before = await countsOf(dataDir, owner.tenantId);

    // Two platforms, each with one connection kept alive, sending back to back.
    const attempts: Attempt[] = [];
    let exited = false;
    const sender = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      while (!exited) {
        attempts.push(await sendOrder(app.baseUrl, agent, owner.tenantId, webhookSecret));
        await sleep(5);
      }
      agent.destroy();
    };
    const senders = [sender(), sender()];
    await sleep(2_000);
    expect(attempts.filter((a) => a.status === 201 && a.reusedSocket).length).toBeGreaterThan(5);

    const outputBefore = app.output().length;
    const signalAt = Date.now();
    const stopped = app.stop("SIGTERM").then((code) => {
      exited = true;
      return code;
    });
    let shutdownSeenAt: number | null = null;
    while (!exited && shutdownSeenAt === null) {
      if (app.output().slice(outputBefore).includes('"msg":"shutting down"')) shutdownSeenAt = Date.now();
      else await sleep(5);
    }
    // Bounded: a request in flight has 10 s, the effects 10 s more; here it takes a second or two.
    const code = await Promise.race([stopped, sleep(25_000).then(() => "still running" as const)]);
    if (code === "still running") await app.stop("SIGKILL");
    const exitMs = Date.now() - signalAt;
    await Promise.all(senders);

    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(15_000);
    expect(shutdownSeenAt).not.toBeNull();
    const shutdownOutput = app.output().slice(outputBefore);
    expect(shutdownOutput).toContain('"msg":"stopped"');
    expect(shutdownOutput).not.toContain("cut off");

    // Sent once the server had said it was stopping: refused (no connection, or 503 + Retry-After), never taken.
    const late = attempts.filter((a) => a.startedAt > (shutdownSeenAt as number));
    expect(late.length).toBeGreaterThan(0);
    const taken = late.filter((a) => a.status !== null && a.status !== 503);
    expect(taken, JSON.stringify(taken.slice(0, 3))).toEqual([]);
    for (const refused of late.filter((a) => a.status === 503)) {
      expect(JSON.parse(refused.body)).toMatchObject({ success: false, code: "unavailable" });
    }

    // Every 2xx is a complete answer, for an order that is stored with all its effects.
    const answered = attempts.filter((a) => a.status === 201);
    for (const a of answered) expect(JSON.parse(a.body)).toMatchObject({ success: true, orderNumber: a.orderNumber });
    expect(answered.length).toBeGreaterThan(10);

    app = await startApp({ env: { DATA_DIR: dataDir } });
    const after = await countsOf(dataDir, owner.tenantId);
    const missing = answered.filter((a) => !after.orderNumbers.has(a.orderNumber));
    expect(missing).toEqual([]);
    // Nothing half-done: each stored order (an answered one, or one whose answer was cut) has its
    // notification, activity entry and delivery record — written after the answer, before the exit.
    const orders = after.orderNumbers.size;
    expect(after.counts.orders).toBe(orders);
    expect({
      notifications: after.counts.notifications - before.counts.notifications,
      activity: after.counts.activity - before.counts.activity,
      events: after.counts.events - before.counts.events,
    }).toEqual({ notifications: orders, activity: orders, events: orders });
  });
});
