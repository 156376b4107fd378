import { randomUUID } from "node:crypto";
import { chmodSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { EndpointView } from "@/lib/outbound/schemas";
import { type RunningApp, startApp, startDemo, TEST_WEBHOOK_CONFIG_CACHE_MS, tempDir } from "../support/app-process";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { startReceiver } from "../support/receiver";
import { suiteMongo } from "../support/webhooks";

// What is left on disk: the data folder, the app secret and the database files belong to the
// server's user alone, and an outbound endpoint's custom header values (often the receiver's API
// key) are stored sealed, like the secrets.

/** Every folder and file under `root` (itself included) with its permission bits. */
function modesUnder(root: string): Array<{ path: string; mode: number; folder: boolean }> {
  const stat = statSync(root);
  const here = { path: root, mode: stat.mode & 0o777, folder: stat.isDirectory() };
  if (!here.folder) return [here];
  return [here, ...readdirSync(root).flatMap((name) => modesUnder(path.join(root, name)))];
}

const readableByOthers = (root: string) =>
  modesUnder(root)
    .filter((entry) => entry.mode & 0o077)
    .map((entry) => `${path.relative(root, entry.path) || "."} ${entry.mode.toString(8)}`);

describe("files at rest", () => {
  it("creates the data folder, the app secret and the database files for the server's user only, and tightens older ones", async () => {
    // A folder the app creates itself, under a umask that would leave it (and the files) readable by all.
    const dataDir = path.join(tempDir("at-rest"), "data");
    let demo = await startDemo(dataDir);
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(dataDir, "app-secret")).mode & 0o777).toBe(0o600);
      const databaseFiles = readdirSync(path.join(dataDir, "db")).filter((name) => name.endsWith(".sqlite"));
      expect(databaseFiles.length).toBeGreaterThan(0);
      expect(readableByOthers(dataDir)).toEqual([]);
    } finally {
      expect(await demo.stop("SIGINT")).toBe(0);
    }

    // As a version that did not restrict them left them (the app secret was always written 0600).
    for (const entry of modesUnder(dataDir))
      if (path.basename(entry.path) !== "app-secret") chmodSync(entry.path, entry.folder ? 0o755 : 0o644);
    demo = await startDemo(dataDir);
    try {
      expect(readableByOthers(dataDir)).toEqual([]);
    } finally {
      expect(await demo.stop("SIGINT")).toBe(0);
    }
  });
});

describe("outbound custom headers at rest", () => {
  const mongo = suiteMongo();
  let app: RunningApp;
  const closing: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    // Loopback receivers need OUTBOUND_ALLOW_PRIVATE; the suite's shared server keeps the production rules.
    app = await startApp({ env: { MONGODB_URI: inject("mongoUri"), OUTBOUND_ALLOW_PRIVATE: "true" } });
    closing.push(() => app.stop());
  });
  afterAll(async () => {
    for (const close of closing.reverse()) await close();
  });

  async function tenantWithMember() {
    const owner = await signUp(app.baseUrl);
    const other = await signUp(app.baseUrl);
    await addMember(mongo(), owner.tenantId, other.userId, "member");
    const member: Session = { ...other, tenantId: owner.tenantId };
    const receiver = await startReceiver();
    closing.push(receiver.close);
    return { owner, member, receiver };
  }

  const asTenant = (session: Session) => ({ "x-tenant-id": session.tenantId });
  const storedEndpoint = (id: string) =>
    mongo()
      .db()
      .collection("outbound_endpoints")
      .findOne({ _id: new ObjectId(id) });

  async function headersSeenBy(session: Session, id: string): Promise<Record<string, string>> {
    const response = await api(session, `/api/webhooks/endpoints/${id}`, { headers: asTenant(session) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { endpoint: EndpointView }).endpoint.headers;
  }

  /** The header as the receiver got it on a test send, made now. */
  async function deliveredHeader(owner: Session, id: string, receiver: Awaited<ReturnType<typeof startReceiver>>) {
    const before = receiver.received.length;
    const response = await api(owner, `/api/webhooks/endpoints/${id}/test`, { method: "POST", headers: asTenant(owner) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { success: boolean }).success).toBe(true);
    expect(receiver.received).toHaveLength(before + 1);
    return receiver.received[before]?.headers["x-api-key"];
  }

  it("stores no header value in clear, while admins still read it, members see it masked and deliveries carry it", async () => {
    const { owner, member, receiver } = await tenantWithMember();
    const apiKey = `key-${randomUUID()}`;
    const created = await api(owner, "/api/webhooks/endpoints", {
      method: "POST",
      headers: asTenant(owner),
      body: JSON.stringify({ url: receiver.url, headers: { "X-Api-Key": apiKey } }),
    });
    expect(created.status).toBe(201);
    const { endpoint } = (await created.json()) as { endpoint: EndpointView };
    expect(endpoint.headers).toEqual({ "X-Api-Key": apiKey });

    expect(JSON.stringify(await storedEndpoint(endpoint.id))).not.toContain(apiKey);
    expect(await headersSeenBy(owner, endpoint.id)).toEqual({ "X-Api-Key": apiKey });
    expect(await headersSeenBy(member, endpoint.id)).toEqual({ "X-Api-Key": "••••••" });
    expect(await deliveredHeader(owner, endpoint.id, receiver)).toBe(apiKey);

    const rotatedKey = `key-${randomUUID()}`;
    const changed = await api(owner, `/api/webhooks/endpoints/${endpoint.id}`, {
      method: "PATCH",
      headers: asTenant(owner),
      body: JSON.stringify({ headers: { "X-Api-Key": rotatedKey } }),
    });
    expect(changed.status).toBe(200);
    const stored = JSON.stringify(await storedEndpoint(endpoint.id));
    expect(stored).not.toContain(rotatedKey);
    expect(stored).not.toContain(apiKey);
    expect(await headersSeenBy(owner, endpoint.id)).toEqual({ "X-Api-Key": rotatedKey });
    expect(await deliveredHeader(owner, endpoint.id, receiver)).toBe(rotatedKey);
  });

  it("keeps sending the plaintext headers an earlier version stored, and seals them on the endpoint's next change", async () => {
    const { owner, member, receiver } = await tenantWithMember();
    const created = await api(owner, "/api/webhooks/endpoints", {
      method: "POST",
      headers: asTenant(owner),
      body: JSON.stringify({ url: receiver.url }),
    });
    expect(created.status).toBe(201);
    const { endpoint } = (await created.json()) as { endpoint: EndpointView };
    // The document as the previous version wrote it: plaintext headers, nothing sealed.
    const legacyKey = `legacy-${randomUUID()}`;
    await mongo()
      .db()
      .collection("outbound_endpoints")
      .updateOne({ _id: new ObjectId(endpoint.id) }, { $set: { headers: { "X-Api-Key": legacyKey }, headersSealed: null } });
    await new Promise((resolve) => setTimeout(resolve, TEST_WEBHOOK_CONFIG_CACHE_MS + 50));

    expect(await headersSeenBy(owner, endpoint.id)).toEqual({ "X-Api-Key": legacyKey });
    expect(await headersSeenBy(member, endpoint.id)).toEqual({ "X-Api-Key": "••••••" });
    expect(await deliveredHeader(owner, endpoint.id, receiver)).toBe(legacyKey);

    const renamed = await api(owner, `/api/webhooks/endpoints/${endpoint.id}`, {
      method: "PATCH",
      headers: asTenant(owner),
      body: JSON.stringify({ description: "ERP" }),
    });
    expect(renamed.status).toBe(200);
    expect(JSON.stringify(await storedEndpoint(endpoint.id))).not.toContain(legacyKey);
    expect(await headersSeenBy(owner, endpoint.id)).toEqual({ "X-Api-Key": legacyKey });
    expect(await deliveredHeader(owner, endpoint.id, receiver)).toBe(legacyKey);
  });
});
