import { describe, expect, it } from "vitest";
import { addSlot } from "@/lib/insights/add-slot";
import { emptySlot } from "@/lib/insights/empty-slot";
import { hourSlotsOf } from "@/lib/insights/hour-slots-of";
import { insightBuckets } from "@/lib/insights/insight-buckets";
import type { OrderFact } from "@/lib/storage/ports/dashboard";

const at = (iso: string) => new Date(iso);
const iso = (bucket: { start: Date; end: Date }) => [bucket.start.toISOString(), bucket.end.toISOString()];

describe("chart buckets", () => {
  it("24h: the 24 hours up to the current one, each beside the same hour a day earlier", () => {
    const { granularity, current, previous } = insightBuckets("24h", "Europe/Paris", at("2026-12-05T14:35:00Z"));
    expect(granularity).toBe("hour");
    expect(current).toHaveLength(24);
    expect(iso(current.at(-1) ?? current[0]!)).toEqual(["2026-12-05T14:00:00.000Z", "2026-12-05T15:00:00.000Z"]);
    expect(iso(current[0]!)).toEqual(["2026-12-04T15:00:00.000Z", "2026-12-04T16:00:00.000Z"]);
    expect(iso(previous.at(-1)!)).toEqual(["2026-12-04T14:00:00.000Z", "2026-12-04T15:00:00.000Z"]);
  });

  it("7d: the store's last seven calendar days including today, and the seven before", () => {
    const { granularity, current, previous } = insightBuckets("7d", "America/New_York", at("2026-12-05T03:00:00Z"));
    expect(granularity).toBe("day");
    expect(current).toHaveLength(7);
    // 03:00 UTC is still 4 December in New York (UTC-5).
    expect(iso(current.at(-1)!)).toEqual(["2026-12-04T05:00:00.000Z", "2026-12-05T05:00:00.000Z"]);
    expect(iso(current[0]!)).toEqual(["2026-11-28T05:00:00.000Z", "2026-11-29T05:00:00.000Z"]);
    expect(iso(previous.at(-1)!)).toEqual(["2026-11-27T05:00:00.000Z", "2026-11-28T05:00:00.000Z"]);
    expect(previous).toHaveLength(7);
  });

  it("a day the clocks change on is 23 or 25 hours long", () => {
    const { current } = insightBuckets("30d", "Europe/Paris", at("2026-11-10T12:00:00Z"));
    const lengths = current.map((day) => (day.end.getTime() - day.start.getTime()) / 3_600_000);
    expect(lengths.filter((hours) => hours === 25)).toHaveLength(1); // 25 October 2026
    expect(lengths.filter((hours) => hours !== 24 && hours !== 25)).toEqual([]);
  });
});

describe("hourly slots of a day", () => {
  const dayStart = at("2026-12-05T00:00:00Z");
  const order = (createdAt: string, extra: Partial<OrderFact> = {}): OrderFact => ({
    orderId: createdAt,
    v: 0,
    orderNumber: "N",
    customerName: "Ada",
    amount: 10,
    currency: "USD",
    status: "pending",
    createdAt: at(createdAt),
    ...extra,
  });

  it("counts each order once at its newest version, in the hour it was created; what was not earned is not revenue", () => {
    const slots = hourSlotsOf(dayStart, {
      orders: [
        order("2026-12-05T09:10:00Z"),
        order("2026-12-05T09:10:00Z", { v: 1, status: "refunded" }),
        order("2026-12-05T09:50:00Z", { amount: 5, currency: "EUR" }),
        order("2026-12-05T23:59:59Z", { amount: 2 }),
        order("2026-12-06T00:00:00Z"),
      ],
      payments: [
        { paymentId: "p1", status: "pending", amount: 10, orderNumber: "N", at: at("2026-12-05T09:11:00Z") },
        { paymentId: "p1", status: "paid", amount: 10, orderNumber: "N", at: at("2026-12-05T10:01:00Z") },
      ],
    });
    expect(slots).toHaveLength(24);
    expect(slots[9]).toEqual({ orders: 2, revenue: { EUR: 5 }, payments: { paid: 0, failed: 0, pending: 1, refunded: 0 } });
    expect(slots[10]?.payments.paid).toBe(1);
    expect(slots[23]).toMatchObject({ orders: 1, revenue: { USD: 2 } });
    expect(slots.reduce((sum, slot) => sum + slot.orders, 0)).toBe(3);
  });

  it("adds slots field by field", () => {
    const sum = addSlot(addSlot(emptySlot(), { orders: 1, revenue: { USD: 2 }, payments: { paid: 1 } }), {
      orders: 2,
      revenue: { USD: 3, EUR: 1 },
      payments: { paid: 1, failed: 1 },
    });
    expect(sum).toEqual({ orders: 3, revenue: { USD: 5, EUR: 1 }, payments: { paid: 2, failed: 1, pending: 0, refunded: 0 } });
  });
});
