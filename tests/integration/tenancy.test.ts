import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, signUp } from "../support/http";
import { addMember as addMemberRow } from "../support/members";

const baseUrl = inject("baseUrl");
let mongo: MongoClient;

beforeAll(async () => {
  mongo = await MongoClient.connect(inject("mongoUri"));
});
afterAll(async () => {
  await mongo.close();
});

const addMember = (tenantId: string, userId: string, role: "owner" | "admin" | "member") =>
  addMemberRow(mongo, tenantId, userId, role);

describe("tenant isolation", () => {
  it("does not let a user of tenant A switch to tenant B: 404, and the active tenant stays A", async () => {
    const a = await signUp(baseUrl, { tenantName: "Tenant A" });
    const b = await signUp(baseUrl, { tenantName: "Tenant B" });

    const attempt = await api(a, "/api/tenants/active", { method: "POST", body: JSON.stringify({ tenantId: b.tenantId }) });
    expect(attempt.status).toBe(404);
    expect(await attempt.json()).toMatchObject({ success: false, error: "Tenant not found" });

    const selected = await api(a, "/api/me", { headers: { "x-tenant-id": b.tenantId } });
    expect(selected.status).toBe(404);

    const me = (await (await api(a, "/api/me")).json()) as { tenant: { name: string }; tenants: Array<{ name: string }> };
    expect(me.tenant.name).toBe("Tenant A");
    expect(me.tenants.map((t) => t.name)).toEqual(["Tenant A"]);
  });

  it("switches between the caller's own tenants", async () => {
    const owner = await signUp(baseUrl, { tenantName: "First shop" });
    const second = await signUp(baseUrl, { tenantName: "Second shop" });
    await addMember(second.tenantId, owner.userId, "member");

    const switched = await api(owner, "/api/tenants/active", {
      method: "POST",
      body: JSON.stringify({ tenantId: second.tenantId }),
    });
    expect(switched.status).toBe(200);
    const me = (await (await api(owner, "/api/me")).json()) as { tenant: { name: string; role: string } };
    expect(me.tenant).toMatchObject({ name: "Second shop", role: "member" });
  });

  it("authenticates a tenant API key, stores only its hash, and keeps it inside its tenant", async () => {
    const a = await signUp(baseUrl, { tenantName: "Keyed shop" });
    const b = await signUp(baseUrl);
    const created = await api(a, "/api/api-keys", { method: "POST", body: JSON.stringify({ name: "warehouse sync" }) });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    expect(key).toMatch(/^pb_/);

    const me = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { tenant: { name: string } }).tenant.name).toBe("Keyed shop");

    const foreign = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${key}`, "x-tenant-id": b.tenantId } });
    expect(foreign.status).toBe(404);

    const stored = await mongo.db().collection("apikey").find({}).toArray();
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toContain(key);

    const bogus = await fetch(`${baseUrl}/api/me`, { headers: { authorization: "Bearer pb_not-a-real-key" } });
    expect(bogus.status).toBe(401);
  });

  it("refuses API-key creation to members (403)", async () => {
    const owner = await signUp(baseUrl);
    const member = await signUp(baseUrl);
    await addMember(owner.tenantId, member.userId, "member");
    const attempt = await api(member, "/api/api-keys", {
      method: "POST",
      headers: { "x-tenant-id": owner.tenantId },
      body: JSON.stringify({ name: "nope" }),
    });
    expect(attempt.status).toBe(403);
  });
});
