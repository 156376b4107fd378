import { randomUUID } from "node:crypto";
import { type Document, ObjectId } from "mongodb";
import { describe, expect, inject, it } from "vitest";
import type { DashboardView } from "@/lib/dashboard/schemas";
import type { OrderDetail } from "@/lib/orders/get-order-detail";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { api, type Session, signUp } from "../support/http";
import { settledRead } from "../support/settled";
import { storageKind } from "../support/storage-kind";
import { logDb, suiteMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// The live dashboard's numbers and the order page through the real server: what a shop owner reads
// at a glance must match what their platforms sent, exactly once, for their own tenant only.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

// Settled: an order's dashboard fact is written just after its answer (its refresh is pushed then).
function dashboard(session: Session, tz = "UTC"): Promise<DashboardView> {
  return settledRead(async () => {
    const response = await api(session, `/api/dashboard?tz=${encodeURIComponent(tz)}`);
    expect(response.status).toBe(200);
    return (await response.json()) as DashboardView;
  });
}

async function shop(session: Session) {
  const secret = await tenantSecret(mongo(), session.tenantId);
  const send = async (kind: "orders" | "payments", payload: Record<string, unknown>) => {
    const result = await sendWebhook({ baseUrl, kind, payload: { tenantId: session.tenantId, ...payload }, secret });
    expect(result.status, JSON.stringify(result.body)).toBeLessThan(300);
    return result;
  };
  const order = (extra: Record<string, unknown>) => send("orders", uniqueOrder(session.tenantId, extra));
  return { send, order };
}

describe("live dashboard", () => {
  it("starts empty for a new tenant", async () => {
    const owner = await signUp(baseUrl);
    const view = await dashboard(owner);
    expect(view.kpis).toEqual({ orders: 0, revenue: [], payments: { paid: 0, failed: 0, pending: 0, refunded: 0 } });
    expect(view.recentOrders).toEqual([]);
  });

  it("counts today's orders, revenue per currency and payments at their latest status", async () => {
    const owner = await signUp(baseUrl);
    const { send, order } = await shop(owner);
    const first = await order({ amount: 10, currency: "USD", status: "paid" });
    await order({ amount: 20.5, currency: "USD", status: "pending" });
    await order({ amount: 5, currency: "EUR", status: "pending" });
    await order({ amount: 100, currency: "USD", status: "cancelled" });
    const orderNumber = String(first.body.orderNumber);
    await send("payments", { orderNumber, paymentId: "pay_a", status: "pending", amount: 10 });
    await send("payments", { orderNumber, paymentId: "pay_a", status: "paid", amount: 10 });
    await send("payments", { orderNumber, paymentId: "pay_a", status: "paid", amount: 10 }); // a platform retry
    await send("payments", { orderNumber: "ORD-not-yet", paymentId: "pay_b", status: "failed", amount: 7 });
    await send("payments", { orderNumber: "ORD-not-yet", paymentId: "pay_c", status: "pending", amount: 3 });

    const view = await dashboard(owner);
    expect(view.kpis.orders).toBe(4);
    expect(view.kpis.revenue).toEqual([
      { currency: "USD", amount: 30.5 },
      { currency: "EUR", amount: 5 },
    ]);
    expect(view.kpis.payments).toEqual({ paid: 1, failed: 1, pending: 1, refunded: 0 });
    expect(view.recentOrders).toHaveLength(4);
    const newestFirst = [...view.recentOrders].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    expect(view.recentOrders.map((o) => o.id)).toEqual(newestFirst.map((o) => o.id));
    const paid = view.recentOrders.find((o) => o.orderNumber === orderNumber);
    expect(paid).toMatchObject({ status: "paid", paymentStatus: "paid", amount: 10, currency: "USD" });

    // Any viewer's "today" contains what just arrived, from UTC+14 to UTC-11.
    for (const tz of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) expect((await dashboard(owner, tz)).kpis.orders).toBe(4);
  });

  it("follows status changes without counting an order twice", async () => {
    const owner = await signUp(baseUrl);
    const { order } = await shop(owner);
    const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
    await order({ orderNumber, amount: 40, currency: "USD", status: "paid" });
    await order({ orderNumber, amount: 40, currency: "USD", status: "paid" }); // duplicate delivery
    expect((await dashboard(owner)).kpis).toMatchObject({ orders: 1, revenue: [{ currency: "USD", amount: 40 }] });

    await order({ orderNumber, amount: 40, currency: "USD", status: "refunded" });
    const view = await dashboard(owner);
    expect(view.kpis).toMatchObject({ orders: 1, revenue: [] });
    expect(view.recentOrders).toMatchObject([{ orderNumber, status: "refunded" }]);
  });

  it("fills the table from earlier days without counting them today", async () => {
    const owner = await signUp(baseUrl);
    // An order from three days ago, as the read model holds it (webhooks cannot backdate an order).
    const createdAt = new Date(Date.now() - 3 * 86_400_000);
    const day = createdAt.toISOString().slice(0, 10).replaceAll("-", "");
    const db = logDb(mongo());
    const fact = {
      _id: new ObjectId(),
      k: "o",
      orderId: new ObjectId().toHexString(),
      v: 0,
      orderNumber: "ORD-OLD",
      customerName: "Earlier Customer",
      amount: 15,
      currency: "USD",
      status: "delivered",
      createdAt,
      at: createdAt,
    };
    // Where each storage adapter keeps the read model (docs/architecture.md).
    if ((await storageKind(baseUrl)) === "embedded") {
      await db.collection(`dash_${owner.tenantId}_${day}`).insertOne(fact as Document);
      await db.collection(`dash_${owner.tenantId}_days`).insertOne({ _id: day } as unknown as Document);
    } else {
      await db.collection("dashboard_facts").insertOne({ ...fact, tenantId: new ObjectId(owner.tenantId) } as Document);
    }
    await (await shop(owner)).order({ amount: 5, currency: "USD", status: "paid" });

    const view = await dashboard(owner);
    expect(view.kpis).toMatchObject({ orders: 1, revenue: [{ currency: "USD", amount: 5 }] });
    expect(view.recentOrders.map((o) => o.orderNumber)).toHaveLength(2);
    expect(view.recentOrders[1]).toMatchObject({ orderNumber: "ORD-OLD", status: "delivered" });
  });

  it("shows a tenant its own orders only", async () => {
    const owner = await signUp(baseUrl);
    const other = await signUp(baseUrl);
    await (await shop(owner)).order({ amount: 12, currency: "USD", status: "paid" });
    const view = await dashboard(other);
    expect(view.kpis.orders).toBe(0);
    expect(view.recentOrders).toEqual([]);
    // x-tenant-id selects among the caller's tenants only.
    const foreign = await api(other, "/api/dashboard", { headers: { "x-tenant-id": owner.tenantId } });
    expect(foreign.status).toBe(404);
  });

  it("answers a bad time zone with a 400 that names it", async () => {
    const owner = await signUp(baseUrl);
    const response = await api(owner, "/api/dashboard?tz=Mars%2FOlympus");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { success: boolean; details: Array<{ path: string }> };
    expect(body.success).toBe(false);
    expect(body.details.map((d) => d.path)).toContain("tz");
  });
});

describe("order detail", () => {
  it("has the order's items, payments and timeline, in order", async () => {
    const owner = await signUp(baseUrl);
    const { send, order } = await shop(owner);
    const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
    // The payment arrives before its order, as it sometimes does: it is linked when the order lands.
    expect((await send("payments", { orderNumber, paymentId: "pay_early", status: "pending", amount: 99.99 })).status).toBe(202);
    const created = await order({ orderNumber, status: "pending" });
    await send("payments", { orderNumber, paymentId: "pay_early", status: "paid", amount: 99.99 });
    await order({ orderNumber, status: "shipped" });

    const response = await api(owner, `/api/orders/${String(created.body.orderId)}`);
    expect(response.status).toBe(200);
    const detail = ((await response.json()) as { order: OrderDetail }).order;
    expect(detail).toMatchObject({ orderNumber, status: "shipped", paymentStatus: "paid", customerName: "John Doe" });
    expect(detail.items).toEqual([{ productId: "prod_123", productName: "Product Name", quantity: 2, price: 49.99 }]);
    expect(detail.payments.map((p) => p.status)).toEqual(["pending", "paid"]);
    expect(detail.timeline.map((e) => (e.kind === "payment" ? `payment:${e.status}` : `${e.kind}:${e.status}`))).toEqual([
      "payment:pending",
      "created:pending",
      "payment:paid",
      "status:shipped",
    ]);
    // The requests that made it: the one that created it and the one that shipped it, as received.
    expect(detail.deliveries.map((d) => [d.status, d.httpStatus, d.scheme])).toEqual([
      ["pending", 201, "hex"],
      ["shipped", 200, "hex"],
    ]);
    expect(detail.deliveries[0]?.bodyExcerpt).toContain(orderNumber);
    expect(detail.deliveries[1]?.headers["x-webhook-signature"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is 404 for another tenant's order and for an id that is not one", async () => {
    const owner = await signUp(baseUrl);
    const other = await signUp(baseUrl);
    const created = await (await shop(owner)).order({ status: "paid" });
    expect((await api(other, `/api/orders/${String(created.body.orderId)}`)).status).toBe(404);
    expect((await api(owner, "/api/orders/not-an-id")).status).toBe(404);
  });
});
