import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sourceSampleFor } from "@/lib/sources/samples";
import { sourceOptionsSchemas } from "@/lib/sources/schemas";
import { signSourceDelivery } from "@/lib/sources/sign-source-delivery";
import { signHex } from "@/lib/webhooks/signatures/sign-hex";
import { signStandard } from "@/lib/webhooks/signatures/sign-standard";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { suiteMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// Replaying a stored delivery through the real pipeline: a refused one once its cause is fixed, an
// accepted one under its own id; each makes its order once, however often it is replayed.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

type Rejected = { id: string; reason: string; kind: string | null; bodyBytes: number };
type Replay = {
  status: number;
  body: { outcome?: string; status?: number; result?: Record<string, unknown>; error?: string; details?: { reason?: string } };
};

async function refusals(session: Session, count: number): Promise<Rejected[]> {
  const read = async () =>
    ((await (await api(session, "/api/webhooks/deliveries/rejected")).json()) as { deliveries: Rejected[] }).deliveries;
  await expect.poll(async () => (await read()).length).toBe(count);
  return read();
}

async function replay(session: Session, path: string): Promise<Replay> {
  const response = await api(session, path, { method: "POST" });
  return { status: response.status, body: (await response.json()) as Replay["body"] };
}

const replayRefusal = (session: Session, id: string) => replay(session, `/api/webhooks/deliveries/rejected/${id}/replay`);

async function ordersOf(session: Session): Promise<Array<{ orderNumber: string }>> {
  const response = await api(session, "/api/orders?limit=100");
  expect(response.status).toBe(200);
  return ((await response.json()) as { orders: Array<{ orderNumber: string }> }).orders;
}

async function activityKinds(session: Session): Promise<string[]> {
  const response = await api(session, "/api/activity?limit=100");
  return ((await response.json()) as { entries: Array<{ kind: string }> }).entries.map((e) => e.kind);
}

const setEndpoint = (session: Session, orders: boolean) =>
  api(session, "/api/webhooks/settings", { method: "PATCH", body: JSON.stringify({ webhookEndpoints: { orders } }) });

describe("replaying deliveries", () => {
  it("replays a delivery refused for a disabled endpoint once it is enabled: one order, then duplicates", async () => {
    const owner = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);
    expect((await setEndpoint(owner, false)).status).toBe(200);
    const payload = uniqueOrder(owner.tenantId);
    expect((await sendWebhook({ baseUrl, kind: "orders", payload, secret })).status).toBe(403);
    const [refused] = await refusals(owner, 1);
    expect(refused?.reason).toBe("endpoint_disabled");

    const still = await replayRefusal(owner, refused?.id ?? "");
    expect(still.status).toBe(409);
    expect(still.body.details?.reason).toBe("endpoint_disabled");
    expect(await ordersOf(owner)).toEqual([]);

    expect((await setEndpoint(owner, true)).status).toBe(200);
    const first = await replayRefusal(owner, refused?.id ?? "");
    expect(first.status).toBe(200);
    expect(first.body.status).toBe(201);
    expect(first.body.outcome).toBe(`created order ${payload.orderNumber}`);
    const again = await replayRefusal(owner, refused?.id ?? "");
    expect(again.body).toMatchObject({ status: 200, result: { duplicate: true } });
    // The platform's own retry of the same delivery after the fix is the same order too.
    expect((await sendWebhook({ baseUrl, kind: "orders", payload, secret })).status).toBe(200);
    expect((await ordersOf(owner)).map((o) => o.orderNumber)).toEqual([payload.orderNumber]);
    await expect.poll(async () => (await activityKinds(owner)).filter((k) => k === "webhook.delivery.replayed").length).toBe(3);
  });

  it("keeps refusing a replay whose signature is still wrong or whose timestamp was stale when it arrived", async () => {
    const owner = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${baseUrl}/api/webhooks/${owner.tenantId}/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
    const forged = JSON.stringify(uniqueOrder(owner.tenantId));
    expect((await post(forged, { "x-webhook-signature": signHex(forged, "whsec_not-the-tenants") })).status).toBe(401);
    const stale = JSON.stringify(uniqueOrder(owner.tenantId));
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const id = randomUUID();
    const signature = signStandard({ id, timestamp: tenMinutesAgo, body: stale, secret });
    expect(
      (await post(stale, { "webhook-id": id, "webhook-timestamp": String(tenMinutesAgo), "webhook-signature": signature }))
        .status,
    ).toBe(401);

    const [staleRefusal, forgedRefusal] = await refusals(owner, 2);
    expect((await replayRefusal(owner, forgedRefusal?.id ?? "")).body.details?.reason).toBe("signature_mismatch");
    const staleReplay = await replayRefusal(owner, staleRefusal?.id ?? "");
    expect(staleReplay.status).toBe(409);
    expect(staleReplay.body.details?.reason).toBe("stale_timestamp");
    expect(staleReplay.body.error).toMatch(/^Still refused: /);
    expect(await ordersOf(owner)).toEqual([]);
  });

  it("replays a Shopify delivery refused under a mistyped secret once the right one is pasted", async () => {
    const owner = await signUp(baseUrl);
    const created = await api(owner, "/api/sources", {
      method: "POST",
      body: JSON.stringify({ type: "shopify", name: "Main store", secret: "shpss_mistyped_secret" }),
    });
    const { source } = (await created.json()) as { source: { id: string; options: Record<string, unknown> } };
    const delivery = sourceSampleFor("shopify", { orderNumber: `#R-${randomUUID().slice(0, 6)}` });
    const rightSecret = "shpss_the_right_secret";
    const signature = signSourceDelivery(
      "shopify",
      sourceOptionsSchemas.shopify.parse(source.options) as never,
      rightSecret,
      delivery.body,
      delivery.headers,
    );
    const sent = await fetch(`${baseUrl}/api/webhooks/${owner.tenantId}/sources/${source.id}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...delivery.headers, ...signature },
      body: delivery.body,
    });
    expect(sent.status).toBe(401);
    const [refused] = await refusals(owner, 1);
    expect(refused?.kind).toBe(`source:${source.id}`);
    expect((await replayRefusal(owner, refused?.id ?? "")).status).toBe(409);

    const pasted = await api(owner, `/api/sources/${source.id}/rotate-secret`, {
      method: "POST",
      body: JSON.stringify({ secret: rightSecret }),
    });
    expect(pasted.status).toBe(200);
    const first = await replayRefusal(owner, refused?.id ?? "");
    expect(first.status).toBe(200);
    expect(first.body.result?.produced).toEqual([{ kind: "order", id: expect.stringMatching(/^[0-9a-f]{24}$/) }]);
    const again = await replayRefusal(owner, refused?.id ?? "");
    expect(again.body.result).toMatchObject({ duplicate: true });
    expect(await ordersOf(owner)).toHaveLength(1);
  });

  it("replays an accepted delivery as the duplicate it is, answers 404 to other tenants and 403 to members", async () => {
    const owner = await signUp(baseUrl);
    const other = await signUp(baseUrl);
    const member = await signUp(baseUrl);
    await addMember(mongo(), owner.tenantId, member.userId, "member");
    const secret = await tenantSecret(mongo(), owner.tenantId);
    const payload = uniqueOrder(owner.tenantId);
    expect((await sendWebhook({ baseUrl, kind: "orders", payload, secret })).status).toBe(201);
    // The log's copy is written just after the answer.
    const listed = async () =>
      ((await (await api(owner, "/api/webhooks/deliveries")).json()) as { deliveries: Array<{ id: string }> }).deliveries;
    await expect.poll(async () => (await listed()).length).toBe(1);
    const [accepted] = await listed();

    const replayed = await replay(owner, `/api/webhooks/deliveries/${accepted?.id}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ status: 200, outcome: "already recorded, nothing done twice" });
    expect(await ordersOf(owner)).toHaveLength(1);

    expect((await replay(other, `/api/webhooks/deliveries/${accepted?.id}/replay`)).status).toBe(404);
    const asMember = await api(member, `/api/webhooks/deliveries/${accepted?.id}/replay`, {
      method: "POST",
      headers: { "x-tenant-id": owner.tenantId },
    });
    expect(asMember.status).toBe(403);
    expect((await replay(owner, "/api/webhooks/deliveries/not-an-id/replay")).status).toBe(404);

    expect((await setEndpoint(owner, false)).status).toBe(200);
    expect((await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret })).status).toBe(403);
    const [refused] = await refusals(owner, 1);
    expect((await replayRefusal(other, refused?.id ?? "")).status).toBe(404);
  });

  it("replays deliveries sent without an id as the platform's retry: an order moved on stays, a notification is not made twice", async () => {
    const owner = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);
    const post = (kind: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      return fetch(`${baseUrl}/api/webhooks/${owner.tenantId}/${kind}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-webhook-signature": signHex(body, secret) },
        body,
      });
    };
    const pending = uniqueOrder(owner.tenantId, { status: "pending" });
    expect((await post("orders", pending)).status).toBe(201);
    expect((await post("orders", { ...pending, status: "paid" })).status).toBe(200);
    expect((await post("notifications", { tenantId: owner.tenantId, title: "Stock low", message: "Only 2 left" })).status).toBe(
      201,
    );
    const listed = async () =>
      (
        (await (await api(owner, "/api/webhooks/deliveries")).json()) as {
          deliveries: Array<{ id: string; kind: string; deliveryId: string; dedupeKey: string }>;
        }
      ).deliveries;
    await expect.poll(async () => (await listed()).length).toBe(3);
    const deliveries = await listed();
    expect(deliveries.every((d) => d.deliveryId.startsWith("gen_"))).toBe(true);
    const first = deliveries.find((d) => d.dedupeKey === `order:${pending.orderNumber}:pending`);
    const note = deliveries.find((d) => d.kind === "notifications");

    expect((await replay(owner, `/api/webhooks/deliveries/${first?.id}/replay`)).body.result).toMatchObject({ duplicate: true });
    const order = await api(owner, `/api/orders?q=${encodeURIComponent(pending.orderNumber)}`);
    expect(((await order.json()) as { orders: Array<{ status: string }> }).orders.map((o) => o.status)).toEqual(["paid"]);
    expect((await replay(owner, `/api/webhooks/deliveries/${note?.id}/replay`)).body.result).toMatchObject({ duplicate: true });
    const inbox = await api(owner, "/api/notifications?limit=50");
    const titles = ((await inbox.json()) as { notifications: Array<{ title: string }> }).notifications.map((n) => n.title);
    expect(titles.filter((t) => t === "Stock low")).toHaveLength(1);
  });

  it("says a refused body too large to have been kept whole cannot be replayed", async () => {
    const owner = await signUp(baseUrl);
    const body = JSON.stringify(uniqueOrder(owner.tenantId, { metadata: { note: "x".repeat(70_000) } }));
    const sent = await fetch(`${baseUrl}/api/webhooks/${owner.tenantId}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(sent.status).toBe(401);
    const [refused] = await refusals(owner, 1);
    expect(refused?.bodyBytes).toBe(Buffer.byteLength(body));
    const answer = await replayRefusal(owner, refused?.id ?? "");
    expect(answer.status).toBe(409);
    expect(answer.body.details?.reason).toBe("body_not_kept");
  });
});
