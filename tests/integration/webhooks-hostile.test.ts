import { randomUUID } from "node:crypto";
import { ObjectId } from "mongodb";
import { describe, expect, inject, it } from "vitest";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { signHex } from "@/lib/webhooks/signatures/sign-hex";
import { signUp } from "../support/http";
import { storedCounts, suiteMongo, tenantSecret } from "../support/webhooks";

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

// A small seeded PRNG so a failure reproduces with the same bodies.
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function hostileBodies(tenantId: string, count: number): Buffer[] {
  const random = prng(20261122);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const base = () =>
    sampleFor("orders", tenantId, { orderNumber: `ORD-${Math.floor(random() * 1e9)}` }) as Record<string, unknown>;
  const wrongValues: unknown[] = [null, true, 42, -1, "text", "", [], {}, [1, 2], { $gt: 0 }, Number.MAX_VALUE, "9".repeat(400)];
  const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
  const generators: Array<() => Buffer> = [
    // Wrong type in a required or typed field.
    () => {
      const body = base();
      body[pick(["orderNumber", "customerName", "amount", "currency", "status", "items", "customerEmail"])] = pick(
        wrongValues.filter((v) => v !== null || random() > 0.5),
      );
      if (
        typeof body.amount === "number" &&
        body.amount >= 0 &&
        typeof body.orderNumber === "string" &&
        typeof body.customerName === "string"
      )
        body.amount = -5;
      return Buffer.from(JSON.stringify(body));
    },
    // Huge strings.
    () =>
      Buffer.from(
        JSON.stringify({
          ...base(),
          [pick(["orderNumber", "customerName", "currency"])]: "x".repeat(1000 + Math.floor(random() * 200_000)),
        }),
      ),
    // Deep nesting, inside metadata and as the whole document.
    () => Buffer.from(JSON.stringify({ ...base(), metadata: nested(7 + Math.floor(random() * 60)) })),
    () => Buffer.from(`${"[".repeat(50_000 + Math.floor(random() * 50_000))}${"]".repeat(10)}`),
    // Prototype-pollution keys that also break the schema.
    () =>
      Buffer.from(
        `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"tenantId":"${tenantId}","amount":"NaN"}`,
      ),
    () =>
      Buffer.from(
        `{"tenantId":"${tenantId}","orderNumber":"x","customerName":"y","amount":1,"items":[{"__proto__":{"admin":true}}]}`,
      ),
    // Invalid UTF-8 and not-JSON at all.
    () =>
      Buffer.concat([
        Buffer.from(`{"tenantId":"${tenantId}","customerName":"`),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from('"}'),
      ]),
    () => Buffer.from(pick(["", "null", "[]", "42", '"order"', "{", "{}}", "{'a':1}", "\u0000", "NaN"])),
    // Too many items / metadata keys, bad enums, bad ISO codes, javascript: URLs for notifications.
    () =>
      Buffer.from(
        JSON.stringify({
          ...base(),
          items: Array.from({ length: 501 }, () => ({ productId: "p", productName: "n", quantity: 1, price: 1 })),
        }),
      ),
    () =>
      Buffer.from(
        JSON.stringify({ ...base(), metadata: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i])) }),
      ),
    () => Buffer.from(JSON.stringify({ ...base(), status: pick(["PAID", "unknown", "", "paid "]) })),
    () => Buffer.from(JSON.stringify({ ...base(), currency: pick(["US", "DOLLARS", "12$", "€€€"]) })),
  ];
  return Array.from({ length: count }, (_, i) => (generators[i % generators.length] as () => Buffer)());
}

describe("hostile and malformed bodies", () => {
  it("answers 1,200 generated bodies with 4xx only, stores nothing, and stays healthy", async () => {
    const t = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), t.tenantId);
    const bodies = hostileBodies(t.tenantId, 1200);
    const statuses: number[] = [];
    for (let i = 0; i < bodies.length; i += 25) {
      const batch = bodies.slice(i, i + 25).map((body, j) => {
        // Most go through the signed, tenant-scoped route so they reach parsing and validation.
        const scoped = (i + j) % 5 !== 0;
        const url = scoped ? `${baseUrl}/api/webhooks/${t.tenantId}/orders` : `${baseUrl}/api/webhooks/orders`;
        return fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-webhook-signature": signHex(body, secret) },
          body: new Blob([new Uint8Array(body)]),
        }).then(async (r) => {
          const text = await r.text();
          expect(() => JSON.parse(text)).not.toThrow();
          expect(text).not.toMatch(/\bat \S+\.(ts|js):\d+/);
          return r.status;
        });
      });
      statuses.push(...(await Promise.all(batch)));
    }
    const seen = [...new Set(statuses)].sort();
    expect(
      seen.every((s) => s >= 400 && s < 500),
      JSON.stringify(seen),
    ).toBe(true);
    expect(statuses).toHaveLength(1200);

    const counts = await storedCounts(mongo(), t.tenantId);
    // Nothing of the bodies is stored; the one notification is the alert the flood of refusals
    // opens for the tenant's admins (docs/alerts.md), once however long the flood.
    expect(counts).toMatchObject({ orders: 0, notifications: 1, events: 0 });
    const [alert] = await mongo()
      .db()
      .collection("notifications")
      .find({ tenantId: new ObjectId(t.tenantId) })
      .toArray();
    expect(alert).toMatchObject({ title: "Webhook deliveries refused", priority: "urgent" });
    expect((await fetch(`${baseUrl}/api/webhooks/health`)).status).toBe(200);
    // Still serving real work afterwards. The flood may have spent this tenant's rate budget (the
    // limit runs before parsing), so the valid order waits out Retry-After as a real sender would.
    const payload = sampleFor("orders", t.tenantId, { orderNumber: `ORD-${randomUUID()}` });
    let ok = await sendWebhook({ baseUrl, kind: "orders", payload, secret });
    for (let attempt = 0; ok.status === 429 && attempt < 5; attempt++) {
      await new Promise((r) => setTimeout(r, Number(ok.headers.get("retry-after") ?? 1) * 1000));
      ok = await sendWebhook({ baseUrl, kind: "orders", payload, secret });
    }
    expect(ok.status).toBe(201);
  });

  it("stores metadata keys MongoDB refuses by escaping them, and drops prototype keys", async () => {
    const t = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), t.tenantId);
    const body = `{"tenantId":"${t.tenantId}","orderNumber":"ORD-meta","customerName":"M","amount":1,"metadata":{"a.b":1,"$where":"x","__proto__":{"polluted":true},"ok":{"nested.key":2}}}`;
    const request = buildSignedRequest({ baseUrl, kind: "orders", payload: { tenantId: t.tenantId }, secret });
    const response = await fetch(request.url, {
      method: "POST",
      headers: { ...request.headers, "x-webhook-signature": signHex(body, secret) },
      body,
    });
    expect(response.status).toBe(201);
    const stored = await mongo()
      .db()
      .collection("orders")
      .findOne({ tenantId: new ObjectId(t.tenantId), orderNumber: "ORD-meta" });
    expect(stored?.metadata).toEqual({ "a\uff0eb": 1, "\uff04where": "x", ok: { "nested\uff0ekey": 2 } });
  });
});
