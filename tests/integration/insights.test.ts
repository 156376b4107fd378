import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DeliveryInsights, OrderInsights } from "@/lib/insights/schemas";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { createStorage } from "@/lib/storage/create-storage";
import type { Storage } from "@/lib/storage/ports";
import type { OrderFact } from "@/lib/storage/ports/dashboard";
import { type StorageSetting, selectStorage } from "@/lib/storage/select-storage";
import { api, type Session, signUp } from "../support/http";
import { waitFor } from "../support/receiver";
import { settledRead } from "../support/settled";
import { suiteMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// The charts' figures through GET /api/insights/orders: orders, revenue and payment outcomes per
// bucket beside the period before, in the store's zone and currency, read from sealed day summaries
// that a late change of an old order reopens; bad queries refused; each tenant's figures its own.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();
const DAY_MS = 86_400_000;

let storage: Storage;
beforeAll(async () => {
  const db = mongo().db();
  storage = createStorage(await selectStorage((process.env.STORAGE ?? "auto") as StorageSetting, db), db);
});
afterAll(async () => {
  await storage?.close();
});

async function insights(session: Session, query: string): Promise<OrderInsights> {
  const response = await api(session, `/api/insights/orders?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as OrderInsights;
}

const fact = (createdAt: Date, extra: Partial<OrderFact> = {}): OrderFact => ({
  orderId: new ObjectId().toHexString(),
  v: 0,
  orderNumber: `OLD-${createdAt.getTime()}`,
  customerName: "Ada",
  amount: 40,
  currency: "USD",
  status: "paid",
  createdAt,
  ...extra,
});

describe("order insights", () => {
  it("counts the hour's orders, revenue and payments live, beside an empty period before, for its own tenant only", async () => {
    const [a, b] = [await signUp(baseUrl), await signUp(baseUrl)];
    const secret = await tenantSecret(mongo(), a.tenantId);
    const send = async (kind: "orders" | "payments", payload: { tenantId: string } & Record<string, unknown>) => {
      const sent = await sendWebhook({ baseUrl, kind, payload, secret });
      expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    };
    const kept = uniqueOrder(a.tenantId, { amount: 25.5, currency: "USD", status: "pending" });
    await send("orders", kept);
    await send("orders", uniqueOrder(a.tenantId, { amount: 100, currency: "USD", status: "cancelled" }));
    await send("orders", uniqueOrder(a.tenantId, { amount: 7, currency: "EUR", status: "pending" }));
    await send("payments", {
      tenantId: a.tenantId,
      orderNumber: kept.orderNumber,
      paymentId: "pay_1",
      status: "paid",
      amount: 25.5,
    });

    const day = await settledRead(() => insights(a, "range=24h&tz=UTC"));
    expect(day).toMatchObject({ range: "24h", granularity: "hour", tz: "UTC", tzOf: "viewer", currency: "USD" });
    expect(day.points).toHaveLength(24);
    const now = day.points.at(-1);
    expect(now).toMatchObject({ orders: 3, revenue: 25.5, previous: { orders: 0, revenue: 0 } });
    expect(now?.payments).toEqual({ paid: 1, failed: 0, pending: 0, refunded: 0 });
    expect(Date.parse(now?.start ?? "")).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(now?.end ?? "")).toBeGreaterThan(Date.now());
    expect(day.totals).toMatchObject({
      orders: 3,
      revenue: 25.5,
      previousOrders: 0,
      otherRevenue: [{ currency: "EUR", amount: 7 }],
    });

    const week = await insights(a, "range=7d&tz=Asia/Tokyo");
    expect(week.points).toHaveLength(7);
    expect(week.points.at(-1)).toMatchObject({ orders: 3, revenue: 25.5 });
    expect(week.tz).toBe("Asia/Tokyo");

    // The other tenant sees nothing of it.
    expect((await insights(b, "range=24h")).totals.orders).toBe(0);
    expect((await insights(b, "range=90d")).points).toHaveLength(90);
  });

  it("reads closed days from sealed summaries, and a late change to an old order shows at once", async () => {
    const a = await signUp(baseUrl);
    const threeDaysAgo = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS + 10 * 3_600_000);
    const old = fact(threeDaysAgo);
    await storage.dashboard.recordOrderVersion(a.tenantId, old);
    await storage.dashboard.recordOrderVersion(a.tenantId, fact(new Date(threeDaysAgo.getTime() - 14 * DAY_MS)));

    const first = await insights(a, "range=7d&tz=UTC");
    const point = first.points.find(
      (p) => Date.parse(p.start) <= threeDaysAgo.getTime() && Date.parse(p.end) > threeDaysAgo.getTime(),
    );
    expect(point).toMatchObject({ orders: 1, revenue: 40 });
    // The order of 17 days ago is the previous period's (the 7 days before these 7): not in it.
    expect(first.totals).toMatchObject({ orders: 1, previousOrders: 0 });
    const dayKey = threeDaysAgo.toISOString().slice(0, 10).replaceAll("-", "");
    // Sealed beside the answer, not before it (an unsealed day's summary has `slots: null`: not yet).
    const sealed = await waitFor(
      async () => (await storage.dashboard.daySummaries(a.tenantId, [dayKey])).get(dayKey)?.slots ?? undefined,
      10_000,
      "the seal",
    );
    expect(sealed?.[10]).toMatchObject({ orders: 1 });

    // Cancelled three days later: the sealed day is reopened, and its revenue leaves the chart.
    await storage.dashboard.recordOrderVersion(a.tenantId, { ...old, v: 1, status: "cancelled" });
    const again = await insights(a, "range=7d&tz=UTC");
    expect(again.points.find((p) => p.start === point?.start)).toMatchObject({ orders: 1, revenue: 0 });
    const resealed = await waitFor(
      async () => (await storage.dashboard.daySummaries(a.tenantId, [dayKey])).get(dayKey)?.slots ?? undefined,
      10_000,
      "the new seal",
    );
    expect(resealed?.[10]).toMatchObject({ orders: 1, revenue: {} });
    const month = await insights(a, "range=30d&tz=UTC");
    expect(month.totals).toMatchObject({ orders: 2, revenue: 40 });
  });

  it("answers in the store's time zone and currency once set", async () => {
    const a = await signUp(baseUrl);
    const saved = await api(a, "/api/settings/general", {
      method: "PATCH",
      body: JSON.stringify({ timeZone: "America/New_York", currency: "EUR" }),
    });
    expect(saved.status).toBe(200);
    const secret = await tenantSecret(mongo(), a.tenantId);
    const sent = await sendWebhook({
      baseUrl,
      kind: "orders",
      payload: uniqueOrder(a.tenantId, { amount: 12, currency: "EUR" }),
      secret,
    });
    expect(sent.status).toBeLessThan(300);
    const week = await settledRead(() => insights(a, "range=7d&tz=UTC"));
    expect(week).toMatchObject({ tz: "America/New_York", tzOf: "store", currency: "EUR", totals: { orders: 1, revenue: 12 } });
    // Local midnight in New York is 04:00 or 05:00 UTC.
    expect([4, 5]).toContain(new Date(week.points.at(-1)?.start ?? "").getUTCHours());
  });

  it("refuses a bad query with a 400 naming it", async () => {
    const a = await signUp(baseUrl);
    for (const query of ["range=1y", "tz=Mars/Olympus", "range=7d&extra=1"]) {
      const response = await api(a, `/api/insights/orders?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ success: false });
    }
    const other = await api(a, "/api/insights/orders", { headers: { "x-tenant-id": new ObjectId().toHexString() } });
    expect(other.status).toBe(404);
  });

  it("counts inbound deliveries accepted and refused by reason per bucket, live, for its own tenant only", async () => {
    const [a, b] = [await signUp(baseUrl), await signUp(baseUrl)];
    const secret = await tenantSecret(mongo(), a.tenantId);
    for (let i = 0; i < 2; i++)
      expect((await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(a.tenantId), secret })).status).toBe(201);
    for (let i = 0; i < 3; i++)
      expect(
        (await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(a.tenantId), secret: "whsec_d3Jvbmc=" })).status,
      ).toBe(401);
    const read = async (session: Session) => {
      const response = await api(session, "/api/insights/deliveries?range=24h&tz=UTC");
      expect(response.status).toBe(200);
      return (await response.json()) as DeliveryInsights;
    };
    // Counts reach the database within the flush interval (DELIVERY_COUNTS_FLUSH_MS, 2 s).
    const counted = await waitFor(
      async () => {
        const figures = await read(a);
        return figures.totals.accepted === 2 && figures.totals.rejected === 3 ? figures : undefined;
      },
      10_000,
      "the delivery counts",
    );
    expect(counted.reasons).toEqual(["signature_mismatch"]);
    expect(counted.points).toHaveLength(24);
    expect(counted.points.at(-1)).toMatchObject({ accepted: 2, rejected: { signature_mismatch: 3 } });
    expect(counted.endpoints).toEqual([]);
    expect((await read(b)).totals).toEqual({ accepted: 0, rejected: 0, previousAccepted: 0, previousRejected: 0 });
    expect((await api(a, "/api/insights/deliveries?range=1y")).status).toBe(400);
  });
});
