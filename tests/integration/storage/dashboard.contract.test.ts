import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import { createEmbeddedDashboard } from "@/lib/storage/embedded/dashboard";
import type { OrderFact } from "@/lib/storage/ports/dashboard";
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
