import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import { createEmbeddedDashboard } from "@/lib/storage/embedded/dashboard";
import type { HourSlot, OrderFact } from "@/lib/storage/ports/dashboard";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();
const at = (iso: string) => new Date(iso);
const order = (orderNumber: string, createdAt: Date, extra: Partial<OrderFact> = {}): OrderFact => ({
  orderId: new ObjectId().toHexString(),
  v: 0,
  orderNumber,
  customerName: "Ada",
  amount: 10,
  currency: "USD",
  status: "pending",
  createdAt,
  ...extra,
});

describeEachAdapter("dashboard port", ({ storage, db, kind }) => {
  it("returns the facts of a day: every version of the orders created in it, and the payments that arrived in it", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().dashboard;
    const today = order("T-1", at("2026-12-05T10:00:00Z"));
    await port.recordOrderVersion(a, today);
    await port.recordOrderVersion(a, { ...today, v: 1, status: "paid" });
    // Recorded twice (a retry): stored once.
    await port.recordOrderVersion(a, { ...today, v: 1, status: "paid" });
    await port.recordOrderVersion(a, order("Y-1", at("2026-12-04T23:59:59Z")));
    await port.recordOrderVersion(b, order("B-1", at("2026-12-05T11:00:00Z")));
    const recordId = new ObjectId().toHexString();
    await port.recordPayment(a, recordId, {
      paymentId: "pay_1",
      status: "paid",
      amount: 10,
      orderNumber: "T-1",
      at: at("2026-12-05T10:01:00Z"),
    });
    await port.recordPayment(a, recordId, {
      paymentId: "pay_1",
      status: "paid",
      amount: 10,
      orderNumber: "T-1",
      at: at("2026-12-05T10:02:00Z"),
    });

    const facts = await port.factsIn(a, at("2026-12-05T00:00:00Z"), at("2026-12-06T00:00:00Z"));
    expect(facts.orders.map((o) => [o.orderNumber, o.v, o.status]).sort()).toEqual([
      ["T-1", 0, "pending"],
      ["T-1", 1, "paid"],
    ]);
    expect(facts.orders[0]?.createdAt).toEqual(at("2026-12-05T10:00:00Z"));
    expect(facts.payments).toEqual([
      { paymentId: "pay_1", status: "paid", amount: 10, orderNumber: "T-1", at: at("2026-12-05T10:01:00Z") },
    ]);
    // A local day that spans two UTC days (UTC-5).
    const local = await port.factsIn(a, at("2026-12-04T05:00:00Z"), at("2026-12-05T05:00:00Z"));
    expect(local.orders.map((o) => o.orderNumber)).toEqual(["Y-1"]);
    expect((await port.factsIn(tenant(), at("2026-12-05T00:00:00Z"), at("2026-12-06T00:00:00Z"))).orders).toEqual([]);
  });

  it("lists the newest orders before a time, each at its newest version, across earlier days", async () => {
    const a = tenant();
    const port = storage().dashboard;
    const created: OrderFact[] = [];
    for (let day = 1; day <= 20; day++) {
      const fact = order(`D-${String(day).padStart(2, "0")}`, at(`2026-11-${String(day).padStart(2, "0")}T12:00:00Z`));
      created.push(fact);
      await port.recordOrderVersion(a, fact);
    }
    const shipped = created[18] as OrderFact;
    await port.recordOrderVersion(a, { ...shipped, v: 1, status: "shipped" });
    await port.recordOrderVersion(a, order("LATER", at("2026-11-25T12:00:00Z")));
    const recent = await port.recentOrders(a, at("2026-11-21T00:00:00Z"), 10);
    expect(recent.map((o) => o.orderNumber)).toEqual([
      "D-20",
      "D-19",
      "D-18",
      "D-17",
      "D-16",
      "D-15",
      "D-14",
      "D-13",
      "D-12",
      "D-11",
    ]);
    expect(recent[1]).toMatchObject({ v: 1, status: "shipped" });
    expect(await port.recentOrders(tenant(), at("2026-11-21T00:00:00Z"), 10)).toEqual([]);
  });

  it("seals a closed day's summary once, and a fact that arrives for that day later unseals it", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().dashboard;
    const day = "20261101";
    const slots: HourSlot[] = Array.from({ length: 24 }, (_, hour) => ({
      orders: hour === 9 ? 2 : 0,
      revenue: (hour === 9 ? { USD: 20 } : {}) as Record<string, number>,
      payments: { paid: hour === 9 ? 1 : 0 },
    }));
    const summary = async (tenantId: string) => (await port.daySummaries(tenantId, [day])).get(day);
    const before = await summary(a);
    expect(before?.slots).toBeNull();
    const alsoBefore = await summary(a);
    expect(await port.sealDay(a, day, slots, before!)).toBe(true);
    // A second process computing the same day at the same time: the first seal stands.
    expect(await port.sealDay(a, day, slots, alsoBefore!)).toBe(false);
    expect(await summary(a)).toMatchObject({ day, slots });
    expect((await port.daySummaries(a, [day, "20261102"])).get("20261102")?.slots).toBeNull();
    expect((await summary(b))?.slots).toBeNull();

    // An order created that day arrives late (a platform's retry): the day is computed again.
    const readBeforeLate = await summary(a);
    await port.recordOrderVersion(a, order("LATE", at("2026-11-01T22:00:00Z")));
    const unsealed = await summary(a);
    expect(unsealed?.slots).toBeNull();
    // A seal computed before that arrival is refused...
    expect(await port.sealDay(a, day, slots, readBeforeLate!)).toBe(false);
    // ...and one computed after it is stored.
    const recomputed: HourSlot[] = slots.map((slot, hour) => (hour === 22 ? { ...slot, orders: 1, revenue: { USD: 10 } } : slot));
    expect(await port.sealDay(a, day, recomputed, unsealed!)).toBe(true);
    expect((await summary(a))?.slots?.[22]?.orders).toBe(1);
    // Two late facts in a row (a payment, then a status change) each reopen it.
    const readBetween = await summary(a);
    await port.recordPayment(a, new ObjectId().toHexString(), {
      paymentId: "pay_late",
      status: "paid",
      amount: 10,
      orderNumber: "LATE",
      at: at("2026-11-01T23:00:00Z"),
    });
    expect((await summary(a))?.slots).toBeNull();
    const readAfterPayment = await summary(a);
    await port.recordOrderVersion(a, order("LATE", at("2026-11-01T22:00:00Z"), { v: 1, status: "cancelled" }));
    expect(await port.sealDay(a, day, recomputed, readBetween!)).toBe(false);
    expect(await port.sealDay(a, day, recomputed, readAfterPayment!)).toBe(false);
    expect((await summary(a))?.slots).toBeNull();
    // A fact of today touches no summary.
    await port.recordOrderVersion(b, order("NOW", new Date()));
    expect((await summary(b))?.slots).toBeNull();
  });

  // Per-day buckets are the embedded adapter's own (the mongodb adapter keeps one collection).
  if (kind === "embedded")
    it("retires day buckets past the retention period and keeps the recent ones", async () => {
      const a = tenant();
      const port = storage().dashboard;
      await port.recordOrderVersion(a, order("OLD", at("2024-01-01T12:00:00Z")));
      await port.recordOrderVersion(a, order("NEW", at("2026-12-01T12:00:00Z")));
      const dropped = await createEmbeddedDashboard(db()).retire(at("2026-12-05T00:00:00Z"));
      expect(dropped).toBeGreaterThanOrEqual(1);
      expect((await port.recentOrders(a, at("2026-12-05T00:00:00Z"), 10)).map((o) => o.orderNumber)).toEqual(["NEW"]);
    });
});
