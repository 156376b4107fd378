import { describe, expect, inject, it } from "vitest";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { signHex } from "@/lib/webhooks/signatures/sign-hex";
import { api, type Session, signUp } from "../support/http";
import { suiteMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// The rejected-deliveries debugger through the real server: what a platform sent and why it was
// refused, kept per tenant, and a re-check that tells an integrator what to fix.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

type Delivery = {
  id: string;
  reason: string;
  status: number;
  kind: string | null;
  headers: Record<string, string>;
  bodyExcerpt: string;
};

async function rejected(session: Session, tenantId = session.tenantId): Promise<{ status: number; deliveries: Delivery[] }> {
  const response = await api(session, "/api/webhooks/deliveries/rejected", { headers: { "x-tenant-id": tenantId } });
  const body = (await response.json()) as { deliveries: Delivery[] };
  return { status: response.status, deliveries: body.deliveries ?? [] };
}

/** Rejections are recorded just after the answer is sent: wait until `count` are listed. */
async function settled(session: Session, count: number): Promise<Delivery[]> {
  await expect.poll(async () => (await rejected(session)).deliveries.length).toBe(count);
  return (await rejected(session)).deliveries;
}

async function reverify(session: Session, id: string) {
  const response = await api(session, `/api/webhooks/deliveries/rejected/${id}/reverify`, { method: "POST" });
  return { status: response.status, body: (await response.json()) as { result?: { verdict: string; explanation: string } } };
}

const postRaw = (tenantId: string, body: string, headers: Record<string, string>) =>
  fetch(`${baseUrl}/api/webhooks/${tenantId}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

describe("rejected deliveries", () => {
  it("lists a tenant's refused deliveries, newest first, to that tenant only", async () => {
    const owner = await signUp(baseUrl);
    const other = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);
    expect((await postRaw(owner.tenantId, JSON.stringify(uniqueOrder(owner.tenantId)), {})).status).toBe(401);
    expect(
      (
        await api(owner, "/api/webhooks/settings", {
          method: "PATCH",
          body: JSON.stringify({ webhookEndpoints: { orders: false } }),
        })
      ).status,
    ).toBe(200);
    expect((await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret })).status).toBe(403);

    const mine = { deliveries: await settled(owner, 2) };
    expect(mine.deliveries.map((d) => [d.reason, d.status, d.kind])).toEqual([
      ["endpoint_disabled", 403, "orders"],
      ["missing_signature", 401, "orders"],
    ]);
    expect(mine.deliveries[0]?.headers["x-webhook-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(mine.deliveries[0]?.bodyExcerpt).toContain(owner.tenantId);

    expect((await rejected(other)).deliveries).toEqual([]);
    expect((await rejected(other, owner.tenantId)).status).toBe(404);
    const [first] = mine.deliveries;
    expect((await reverify(other, first?.id ?? "")).status).toBe(404);
    expect((await reverify(owner, "not-an-id")).status).toBe(404);
  });

  it("explains each failure when re-verified with the current secret", async () => {
    const owner = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);

    // Signed with another secret.
    const wrong = await sendWebhook({
      baseUrl,
      kind: "orders",
      payload: uniqueOrder(owner.tenantId),
      secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC0xMjM0NTY=",
      scoped: true,
    });
    expect(wrong.status).toBe(401);
    // Signed compact JSON, sent pretty-printed JSON.
    const payload = uniqueOrder(owner.tenantId);
    expect(
      (
        await postRaw(owner.tenantId, JSON.stringify(payload, null, 2), {
          "x-webhook-signature": signHex(JSON.stringify(payload), secret),
        })
      ).status,
    ).toBe(401);
    // A Standard Webhooks delivery retried ten minutes later with its original timestamp.
    const stale = buildSignedRequest({
      baseUrl,
      kind: "orders",
      payload: uniqueOrder(owner.tenantId),
      secret,
      scheme: "standard",
      scoped: true,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect((await fetch(stale.url, { method: "POST", headers: stale.headers, body: stale.body })).status).toBe(401);
    // A Standard Webhooks delivery without its id.
    const partial = buildSignedRequest({
      baseUrl,
      kind: "orders",
      payload: uniqueOrder(owner.tenantId),
      secret,
      scheme: "standard",
      scoped: true,
    });
    const { "webhook-id": _dropped, ...withoutId } = partial.headers;
    expect((await fetch(partial.url, { method: "POST", headers: withoutId, body: partial.body })).status).toBe(401);

    const deliveries = await settled(owner, 4);
    const verdicts = [];
    for (const delivery of deliveries) verdicts.push((await reverify(owner, delivery.id)).body.result);
    expect(verdicts.map((v) => v?.verdict)).toEqual(["missing_signature", "stale_timestamp", "body_changed", "wrong_secret"]);
    expect(verdicts[0]?.explanation).toContain("webhook-id");
    expect(verdicts[1]?.explanation).toMatch(/60\d s away from our clock.*The signature itself is valid \(the current secret\)/);
    expect(verdicts[2]?.explanation).toContain("serialized compactly");
    expect(verdicts[3]?.explanation).toMatch(/not this workspace's current one/);
  });

  it("says a valid signature was refused for another reason", async () => {
    const owner = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);
    await api(owner, "/api/webhooks/settings", { method: "PATCH", body: JSON.stringify({ webhookEnabled: false }) });
    expect((await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret })).status).toBe(403);
    const [delivery] = await settled(owner, 1);
    const { body } = await reverify(owner, delivery?.id ?? "");
    expect(body.result).toMatchObject({ verdict: "valid" });
    expect(body.result?.explanation).toMatch(/valid with the current secret.*Webhooks are disabled/);
  });

  it("lists the newest 50 first and the older ones by cursor, and finds one by reason or delivery id", async () => {
    const owner = await signUp(baseUrl);
    const bodies = Array.from({ length: 80 }, (_, i) =>
      JSON.stringify({ ...uniqueOrder(owner.tenantId), orderNumber: `R-${i}` }),
    );
    for (const body of bodies) expect((await postRaw(owner.tenantId, body, {})).status).toBe(401);
    // Recorded just after each answer: wait for the last one, then the window holds exactly the newest 50.
    await expect.poll(async () => (await rejected(owner)).deliveries[0]?.bodyExcerpt).toContain('"R-79"');
    await expect.poll(async () => (await rejected(owner)).deliveries.at(-1)?.bodyExcerpt).toContain('"R-30"');
    const { deliveries } = await rejected(owner);
    expect(deliveries).toHaveLength(50);
    expect(deliveries[0]?.bodyExcerpt).toContain('"R-79"');
    expect(deliveries[49]?.bodyExcerpt).toContain('"R-30"');
    const first = (await (await api(owner, "/api/webhooks/deliveries/rejected")).json()) as { nextCursor: string };
    const older = (await (
      await api(owner, `/api/webhooks/deliveries/rejected?cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json()) as { deliveries: Delivery[]; nextCursor: string | null };
    expect(older.deliveries.map((d) => JSON.parse(d.bodyExcerpt).orderNumber)).toEqual(
      Array.from({ length: 30 }, (_, i) => `R-${29 - i}`),
    );
    expect(older.nextCursor).toBeNull();
    // The sender's delivery id finds its refusal; a filter on another reason finds none of them.
    const webhookId = `msg_${owner.tenantId}`;
    expect((await postRaw(owner.tenantId, bodies[0] as string, { "webhook-id": webhookId })).status).toBe(401);
    const search = async (query: string) =>
      ((await (await api(owner, `/api/webhooks/deliveries/rejected${query}`)).json()) as { deliveries: Delivery[] }).deliveries;
    await expect.poll(async () => (await search(`?q=${webhookId}`)).map((d) => d.headers["webhook-id"])).toEqual([webhookId]);
    expect(await search("?reason=rate_limited")).toEqual([]);
    expect(await search("?reason=missing_signature&limit=5")).toHaveLength(5);
    expect((await api(owner, "/api/webhooks/deliveries/rejected?reason=Not%20A%20Reason")).status).toBe(400);
  });
});
