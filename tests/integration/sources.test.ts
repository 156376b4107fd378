import { randomUUID } from "node:crypto";
import type { MongoClient } from "mongodb";
import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { type SampleOverrides, sourceSampleFor } from "@/lib/sources/samples";
import { type SourceType, sourceOptionsSchemas } from "@/lib/sources/schemas";
import { signSourceDelivery } from "@/lib/sources/sign-source-delivery";
import { sampleFor } from "@/lib/webhooks/samples";
import { runCli } from "../support/app-process";
import { api, type Session, signUp } from "../support/http";
import { openMongo, tenantSecret } from "../support/webhooks";

const baseUrl = inject("baseUrl");
const cliEnv = { MONGODB_URI: inject("mongoUri"), APP_SECRET: "test-app-secret-0123456789abcdef0123456789" };
let mongo: MongoClient;

beforeAll(async () => {
  mongo = await openMongo(inject("mongoUri"));
});
afterAll(async () => {
  await mongo.close();
});

type Source = { id: string; type: SourceType; url: string; secret: string; options: Record<string, unknown> };

async function addSource(session: Session, type: SourceType, extra: Record<string, unknown> = {}): Promise<Source> {
  const response = await api(session, "/api/sources", {
    method: "POST",
    body: JSON.stringify({ type, name: `${type} store`, ...extra }),
  });
  const body = (await response.json()) as { source: Omit<Source, "secret">; secret: string };
  expect(response.status).toBe(201);
  return { ...body.source, secret: body.secret };
}

/** Posts a delivery as the platform would: its headers, signed with `secret` (the source's unless given). */
async function deliver(
  session: Session,
  source: Source,
  sample: { body: string; headers: Record<string, string> },
  options: { secret?: string; nowMs?: number; headers?: Record<string, string> } = {},
) {
  const parsedOptions = sourceOptionsSchemas[source.type].parse(source.options) as never;
  const signature = signSourceDelivery(
    source.type,
    parsedOptions,
    options.secret ?? source.secret,
    sample.body,
    sample.headers,
    options.nowMs,
  );
  const response = await fetch(`${baseUrl}/api/webhooks/${session.tenantId}/sources/${source.id}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...sample.headers, ...signature, ...options.headers },
    body: sample.body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sample = (type: SourceType, overrides: SampleOverrides = {}) => sourceSampleFor(type, overrides);

async function order(session: Session, id: string) {
  const response = await api(session, `/api/orders/${id}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { order: Record<string, unknown> & { metadata: Record<string, unknown> } }).order;
}

const rejectedFor = (tenantId: string, sourceId: string) =>
  mongo
    .db()
    .collection("rejected_deliveries")
    .countDocuments({ tenantId: new ObjectId(tenantId), kind: `source:${sourceId}` });

describe("sources: managed from the API and the CLI", () => {
  it("adds a source with its URL and a secret shown once, lists it without the secret, and keeps other tenants out", async () => {
    const a = await signUp(baseUrl);
    const b = await signUp(baseUrl);
    const source = await addSource(a, "shopify");
    expect(source.url).toMatch(new RegExp(`/api/webhooks/${a.tenantId}/sources/${source.id}$`));
    expect(source.secret).toMatch(/^whsec_/);

    const listed = (await (await api(a, "/api/sources")).json()) as { sources: Array<Record<string, unknown>> };
    expect(listed.sources).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(source.secret);
    expect((await api(b, `/api/sources/${source.id}`)).status).toBe(404);
    expect(
      (await api(b, `/api/sources/${source.id}`, { method: "PATCH", body: JSON.stringify({ enabled: false }) })).status,
    ).toBe(404);

    const activity = (await (await api(a, "/api/activity?kind=source")).json()) as { entries: Array<{ kind: string }> };
    expect(activity.entries.map((e) => e.kind)).toContain("source.created");
  });

  it("refuses a bad type or bad options with 400 and the field at fault, storing nothing", async () => {
    const a = await signUp(baseUrl);
    const badType = await api(a, "/api/sources", { method: "POST", body: JSON.stringify({ type: "ebay", name: "x" }) });
    expect(badType.status).toBe(400);
    const square = await api(a, "/api/sources", { method: "POST", body: JSON.stringify({ type: "square", name: "Square" }) });
    expect(square.status).toBe(400);
    expect(JSON.stringify(await square.json())).toContain("options.notificationUrl");
    const listed = (await (await api(a, "/api/sources")).json()) as { sources: unknown[] };
    expect(listed.sources).toHaveLength(0);
  });

  it("adds, lists, disables and removes sources from the CLI, printing {id, type, url, secret} with --json", async () => {
    const a = await signUp(baseUrl);
    const added = await runCli(
      [
        "sources",
        "add",
        "--tenant",
        a.tenantId,
        "--type",
        "stripe",
        "--name",
        "Stripe live",
        "--secret",
        "whsec_cli_given_secret",
        "--json",
      ],
      cliEnv,
    );
    expect(added.code).toBe(0);
    const printed = JSON.parse(added.stdout) as { id: string; type: string; url: string; secret: string };
    expect(printed).toMatchObject({ type: "stripe", secret: "whsec_cli_given_secret" });
    expect(printed.url).toMatch(new RegExp(`/api/webhooks/${a.tenantId}/sources/${printed.id}$`));

    // A sample in Stripe's shape, signed with the source's secret, through the running server.
    const sent = await runCli(
      ["sources", "sample", printed.id, "--tenant", a.tenantId, "--topic", "customer.created", "--url", baseUrl, "--json"],
      cliEnv,
    );
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ topic: "customer.created", status: 200, response: { stored: true } });

    const disabled = await runCli(["sources", "disable", printed.id, "--tenant", a.tenantId, "--json"], cliEnv);
    expect(disabled.code).toBe(0);
    const listed = JSON.parse((await runCli(["sources", "list", "--tenant", a.tenantId, "--json"], cliEnv)).stdout) as {
      sources: Array<{ id: string; enabled: boolean }>;
    };
    expect(listed.sources).toEqual([expect.objectContaining({ id: printed.id, enabled: false })]);
    expect((await runCli(["sources", "remove", printed.id, "--tenant", a.tenantId], cliEnv)).code).toBe(0);
    expect((await api(a, `/api/sources/${printed.id}`)).status).toBe(404);
  });
});

describe("shopify source", () => {
  it("creates the order once with Shopify's exact ids, under 20 concurrent copies of one delivery, then takes its payment", async () => {
    const a = await signUp(baseUrl);
    const source = await addSource(a, "shopify");
    const created = sample("shopify", { status: "pending" });
    const copies = await Promise.all(Array.from({ length: 20 }, () => deliver(a, source, created)));
    expect(copies.every((c) => c.status >= 200 && c.status < 300)).toBe(true);
    expect(copies.filter((c) => c.status === 201)).toHaveLength(1);
    const first = copies.find((c) => c.status === 201)?.body as { produced: Array<{ kind: string; id: string }> };
    expect(first.produced).toEqual([{ kind: "order", id: expect.stringMatching(/^[0-9a-f]{24}$/) }]);
    expect(copies.filter((c) => c.body.duplicate === true)).toHaveLength(19);

    const orderId = first.produced[0]?.id ?? "";
    const stored = await order(a, orderId);
    const shopifyId = /"id":(\d+)/.exec(created.body)?.[1];
    expect(stored).toMatchObject({
      orderNumber: expect.stringMatching(/^#\d+$/),
      amount: 59.5,
      currency: "USD",
      status: "pending",
    });
    // 19 digits: a JavaScript number would have rounded it.
    expect(stored.metadata.shopifyOrderId).toBe(shopifyId);
    expect(
      await mongo
        .db()
        .collection("orders")
        .countDocuments({ tenantId: new ObjectId(a.tenantId) }),
    ).toBe(1);

    // orders/paid for the same order (another delivery id): one status change.
    const paid = JSON.parse(JSON.stringify(created)) as typeof created;
    paid.headers["x-shopify-topic"] = "orders/paid";
    paid.headers["x-shopify-webhook-id"] = randomUUID();
    paid.body = created.body.replace('"financial_status":"pending"', '"financial_status":"paid"');
    const update = await deliver(a, source, paid);
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ produced: [{ kind: "order", id: orderId }] });
    expect((await order(a, orderId)).status).toBe("paid");
  });

  it("answers a wrong signature 401 and logs it as rejected; a disabled source 403; another tenant's source id 404", async () => {
    const a = await signUp(baseUrl);
    const b = await signUp(baseUrl);
    const source = await addSource(a, "shopify");
    const forged = await deliver(a, source, sample("shopify"), { secret: "not-the-secret" });
    expect(forged).toMatchObject({ status: 401, body: { success: false, reason: "signature_mismatch" } });
    await expect.poll(() => rejectedFor(a.tenantId, source.id)).toBe(1);

    const other = await fetch(`${baseUrl}/api/webhooks/${b.tenantId}/sources/${source.id}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(other.status).toBe(404);

    expect(
      (await api(a, `/api/sources/${source.id}`, { method: "PATCH", body: JSON.stringify({ enabled: false }) })).status,
    ).toBe(200);
    const refused = await deliver(a, source, sample("shopify"));
    expect(refused).toMatchObject({ status: 403, body: { reason: "source_disabled" } });
    expect(
      await mongo
        .db()
        .collection("orders")
        .countDocuments({ tenantId: new ObjectId(a.tenantId) }),
    ).toBe(0);
  });

  it("stores a topic it does not map and answers 200 with nothing produced, shown in the source's deliveries", async () => {
    const a = await signUp(baseUrl);
    const source = await addSource(a, "shopify");
    const product = sample("shopify", { topic: "products/update" });
    const answer = await deliver(a, source, product);
    expect(answer).toMatchObject({ status: 200, body: { success: true, produced: [], topic: "products/update" } });
    expect(answer.body).not.toHaveProperty("duplicate");
    // Shopify sends it again (same X-Shopify-Webhook-Id): answered as a repeat, and logged once.
    const again = await deliver(a, source, product);
    expect(again).toMatchObject({ status: 200, body: { success: true, produced: [], duplicate: true } });
    await expect
      .poll(async () => {
        const listed = (await (await api(a, `/api/sources/${source.id}/deliveries`)).json()) as {
          deliveries: Array<{ kind: string; source: { topic: string; note: string | null } | null; bodyExcerpt: string }>;
        };
        return listed.deliveries;
      })
      .toEqual([
        expect.objectContaining({
          kind: "other",
          source: expect.objectContaining({ topic: "products/update", note: expect.stringContaining("not mapped") }),
        }),
      ]);
  });

  it("gives an order that states no currency the store's, and keeps a stated one", async () => {
    const a = await signUp(baseUrl);
    const source = await addSource(a, "shopify");
    const saved = await api(a, "/api/settings/general", { method: "PATCH", body: JSON.stringify({ currency: "JPY" }) });
    expect(saved.status).toBe(200);
    const unstated = sample("shopify");
    const withoutCurrency = { ...unstated, body: unstated.body.replace('"currency":"USD",', "") };
    expect(withoutCurrency.body).not.toContain('"currency"');
    const taken = await deliver(a, source, withoutCurrency);
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    const stated = await deliver(a, source, sample("shopify", { currency: "EUR" }));
    expect(stated.status).toBe(201);
    const idOf = (answer: typeof taken) => (answer.body.produced as Array<{ id: string }>)[0]?.id as string;
    expect((await order(a, idOf(taken))).currency).toBe("JPY");
    expect((await order(a, idOf(stated))).currency).toBe("EUR");
  });

  it("keeps the previous secret valid after a secret is pasted, while the platform switches over", async () => {
    const a = await signUp(baseUrl);
    const source = await addSource(a, "shopify", { secret: "shpss_first_secret_value" });
    const rotated = await api(a, `/api/sources/${source.id}/rotate-secret`, {
      method: "POST",
      body: JSON.stringify({ secret: "shpss_second_secret_value" }),
    });
    expect(rotated.status).toBe(200);
    expect((await deliver(a, source, sample("shopify"), { secret: "shpss_second_secret_value" })).status).toBe(201);
    expect((await deliver(a, source, sample("shopify"), { secret: "shpss_first_secret_value" })).status).toBe(201);
    expect((await deliver(a, source, sample("shopify"), { secret: "shpss_other" })).status).toBe(401);
  });
});

describe("stripe source", () => {
  it("links a payment to its order by metadata.order_number, once, and refuses a stale signature", async () => {
    const a = await signUp(baseUrl);
    const secret = await tenantSecret(mongo, a.tenantId);
    const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
    const created = await sendWebhook({
      baseUrl,
      kind: "orders",
      payload: sampleFor("orders", a.tenantId, { orderNumber, status: "pending" }),
      secret,
    });
    expect(created.status).toBe(201);
    const source = await addSource(a, "stripe");
    const event = sample("stripe", { orderNumber, amount: "5950" });
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(a, source, event)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(answers.every((r) => r.status === 201 || r.body.duplicate === true)).toBe(true);
    const detail = await order(a, String((created.body as { orderId: string }).orderId));
    expect(detail.payments).toEqual([expect.objectContaining({ status: "paid", amount: 59.5 })]);

    const stale = await deliver(a, source, sample("stripe", { orderNumber }), { nowMs: Date.now() - 301_000 });
    expect(stale).toMatchObject({ status: 401, body: { reason: "stale_timestamp" } });
  });

  it("stores an event type it does not map, and a payment without an order number, answering 200", async () => {
    const a = await signUp(baseUrl);
    const source = await addSource(a, "stripe");
    const customer = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: "event",
      type: "customer.created",
      data: { object: { id: "cus_1" } },
    });
    const stored = await deliver(a, source, { body: customer, headers: {} });
    expect(stored).toMatchObject({ status: 200, body: { produced: [], stored: true, topic: "customer.created" } });
    const bare = JSON.parse(sample("stripe").body) as { data: { object: { metadata: Record<string, string> } } };
    bare.data.object.metadata = {};
    const orphan = await deliver(a, source, { body: JSON.stringify(bare), headers: {} });
    expect(orphan).toMatchObject({ status: 200, body: { produced: [], note: expect.stringContaining("metadata.order_number") } });
  });
});

describe("stored deliveries mapped again", () => {
  it("maps a stored Stripe event again once its order number key is set, without recording it twice", async () => {
    const a = await signUp(baseUrl);
    const source = await addSource(a, "stripe");
    const event = JSON.parse(sample("stripe", { amount: "2500" }).body) as {
      data: { object: { metadata: Record<string, string> } };
    };
    const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
    event.data.object.metadata = { shop_order: orderNumber };
    const first = await deliver(a, source, { body: JSON.stringify(event), headers: {} });
    expect(first).toMatchObject({ status: 200, body: { produced: [], stored: true } });

    const listed = async () =>
      (
        (await (await api(a, `/api/sources/${source.id}/deliveries`)).json()) as {
          deliveries: Array<{ id: string; kind: string }>;
        }
      ).deliveries;
    await expect.poll(async () => (await listed()).length).toBe(1);
    const stored = (await listed())[0]?.id ?? "";
    const patched = await api(a, `/api/sources/${source.id}`, {
      method: "PATCH",
      body: JSON.stringify({ options: { orderNumberKey: "shop_order" } }),
    });
    expect(patched.status).toBe(200);

    const remap = () => api(a, `/api/sources/${source.id}/deliveries/${stored}/remap`, { method: "POST", body: "{}" });
    const again = await remap();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 202, produced: [{ kind: "payment", id: expect.stringMatching(/^pi_/) }] });
    const twice = await remap();
    expect(await twice.json()).toMatchObject({ duplicate: true, produced: [{ kind: "payment" }] });
    expect(
      await mongo
        .db()
        .collection("payments")
        .countDocuments({ tenantId: new ObjectId(a.tenantId) }),
    ).toBe(1);
    // Another tenant cannot map this tenant's delivery.
    const b = await signUp(baseUrl);
    expect((await api(b, `/api/sources/${source.id}/deliveries/${stored}/remap`, { method: "POST", body: "{}" })).status).toBe(
      404,
    );
  });

  it("raises a notification for a topic it does not map when the source asks for one", async () => {
    const a = await signUp(baseUrl);
    const source = await addSource(a, "shopify", { options: { notifyTitle: "{source}: {topic}" } });
    const answer = await deliver(a, source, sample("shopify", { topic: "products/update" }));
    expect(answer).toMatchObject({ status: 201, body: { produced: [{ kind: "notification" }] } });
    const inbox = (await (await api(a, "/api/notifications?limit=5")).json()) as { notifications: Array<{ title: string }> };
    expect(inbox.notifications.map((n) => n.title)).toContain("shopify store: products/update");
  });
});

describe("woocommerce source", () => {
  it("answers the unsigned creation ping 200, then creates an order from order.created", async () => {
    const a = await signUp(baseUrl);
    const source = await addSource(a, "woocommerce");
    const ping = await fetch(`${baseUrl}/api/webhooks/${a.tenantId}/sources/${source.id}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "webhook_id=42",
    });
    expect(ping.status).toBe(200);
    expect(await ping.json()).toMatchObject({ success: true, ping: true, produced: [] });

    const created = await deliver(a, source, sample("woocommerce", { orderNumber: "W-1001", amount: "29.35" }));
    expect(created).toMatchObject({ status: 201, body: { produced: [{ kind: "order" }] } });
    const id = (created.body.produced as Array<{ id: string }>)[0]?.id ?? "";
    expect(await order(a, id)).toMatchObject({
      orderNumber: "W-1001",
      amount: 29.35,
      status: "processing",
      customerName: "Grace Hopper",
    });

    const unsignedJson = await fetch(`${baseUrl}/api/webhooks/${a.tenantId}/sources/${source.id}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: sample("woocommerce").body,
    });
    expect(unsignedJson.status).toBe(401);
  });
});

describe("paddle source", () => {
  it("records a completed transaction as a payment parked for its order, and refuses a timestamp outside tolerance", async () => {
    const a = await signUp(baseUrl);
    const source = await addSource(a, "paddle", { secret: "pdl_ntfset_01h_test_secret" });
    const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
    const paid = await deliver(a, source, sample("paddle", { orderNumber, amount: "1999" }));
    expect(paid).toMatchObject({ status: 202, body: { produced: [{ kind: "payment", id: expect.stringMatching(/^txn_/) }] } });
    const stale = await deliver(a, source, sample("paddle", { orderNumber }), { nowMs: Date.now() - 120_000 });
    expect(stale).toMatchObject({ status: 401, body: { reason: "stale_timestamp" } });
  });
});

describe("every type: a signed delivery is taken once, a forged one refused", () => {
  const mapped = [
    { type: "shopify", collection: "orders" },
    { type: "woocommerce", collection: "orders" },
    { type: "stripe", collection: "payments" },
    { type: "paddle", collection: "payments" },
  ] as const;
  for (const { type, collection } of mapped) {
    it(`${type}: 20 concurrent copies of one delivery store one ${collection === "orders" ? "order" : "payment"}`, async () => {
      const a = await signUp(baseUrl);
      const source = await addSource(a, type);
      const delivery = sample(type, { orderNumber: `ORD-${randomUUID().slice(0, 8)}` });
      const copies = await Promise.all(Array.from({ length: 20 }, () => deliver(a, source, delivery)));
      expect(copies.map((c) => c.status).filter((status) => status < 200 || status >= 300)).toEqual([]);
      expect(copies.filter((c) => c.body.duplicate !== true)).toHaveLength(1);
      expect(
        await mongo
          .db()
          .collection(collection)
          .countDocuments({ tenantId: new ObjectId(a.tenantId) }),
      ).toBe(1);
      expect((await deliver(a, source, sample(type), { secret: "whsec_not_it" })).status).toBe(401);
    });
  }

  const storedOnly = [
    { type: "square", extra: { options: { notificationUrl: "https://hooks.example.com/square" } } },
    { type: "standard", extra: {} },
    { type: "generic-hmac", extra: { options: { header: "x-signature", encoding: "base64", prefix: "sha256=" } } },
  ] as const;
  for (const { type, extra } of storedOnly) {
    it(`${type}: a signed delivery is stored once and answered 200; a forged one is 401`, async () => {
      const a = await signUp(baseUrl);
      const source = await addSource(a, type, extra);
      const delivery = sample(type);
      const headers: Record<string, string> = type === "standard" ? { "webhook-id": `msg_${randomUUID()}` } : {};
      const first = await deliver(a, source, { ...delivery, headers: { ...delivery.headers, ...headers } });
      const again = await deliver(a, source, { ...delivery, headers: { ...delivery.headers, ...headers } });
      expect(first).toMatchObject({ status: 200, body: { success: true, produced: [], stored: true } });
      expect(again.status).toBe(200);
      expect(again.body.deliveryId).toBe(first.body.deliveryId);
      const listed = async () =>
        ((await (await api(a, `/api/sources/${source.id}/deliveries`)).json()) as { deliveries: unknown[] }).deliveries.length;
      await expect.poll(listed).toBe(1);
      expect((await deliver(a, source, sample(type), { secret: "not-the-secret" })).status).toBe(401);
      await expect.poll(() => rejectedFor(a.tenantId, source.id)).toBe(1);
    });
  }
});
