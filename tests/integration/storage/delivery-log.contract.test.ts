import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import type { AcceptedDelivery, AcceptedDeliveryQuery } from "@/lib/storage/ports/delivery-log";
import { everyPage } from "../../support/every-page";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();
let counter = 0;
const delivery = (extra: Partial<AcceptedDelivery> = {}): AcceptedDelivery => {
  counter += 1;
  return {
    kind: "orders",
    deliveryId: `msg_${counter}_${new ObjectId().toHexString()}`,
    dedupeKey: `order:ORD-${counter}:paid`,
    scheme: "standard",
    headers: { "content-type": "application/json", "webhook-id": `msg_${counter}` },
    rawBody: JSON.stringify({ orderNumber: `ORD-${counter}` }),
    result: { status: 201, body: { success: true } },
    ...extra,
  };
};

describeEachAdapter("delivery log port", ({ storage }) => {
  it("lists a tenant's accepted requests newest first, a platform's retry as its own entry, and no other tenant's", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().deliveryLog;
    const first = delivery();
    await port.record(a, first);
    // The platform retries the same delivery id: answered as a duplicate, and listed as such.
    await port.record(a, { ...first, result: { status: 200, body: { duplicate: true } } });
    await port.record(b, first);
    const second = delivery({ kind: "payments", dedupeKey: "payment:pay_1:paid", result: { status: 202, body: null } });
    await port.record(a, second);
    const listed = (await port.list(a, { limit: 50 })).deliveries;
    expect(listed.map((r) => [r.deliveryId, r.status])).toEqual([
      [second.deliveryId, 202],
      [first.deliveryId, 200],
      [first.deliveryId, 201],
    ]);
    expect(listed[0]).toMatchObject({
      kind: "payments",
      status: 202,
      dedupeKey: "payment:pay_1:paid",
      scheme: "standard",
      headers: second.headers,
      bodyExcerpt: second.rawBody,
      bodyBytes: Buffer.byteLength(second.rawBody),
    });
    expect(listed[0]?.receivedAt).toBeInstanceOf(Date);
    expect((await port.list(b, { limit: 50 })).deliveries.map((r) => r.deliveryId)).toEqual([first.deliveryId]);
  });

  it("filters by kind and honours the limit, keeping the newest", async () => {
    const a = tenant();
    const port = storage().deliveryLog;
    for (let i = 0; i < 30; i++) await port.record(a, delivery({ kind: i % 3 === 0 ? "notifications" : "orders" }));
    const orders = (await port.list(a, { limit: 50, kind: "orders" })).deliveries;
    expect(orders).toHaveLength(20);
    expect(orders.every((r) => r.kind === "orders")).toBe(true);
    const newest = (await port.list(a, { limit: 5 })).deliveries;
    expect(newest).toHaveLength(5);
    const all = (await port.list(a, { limit: 50 })).deliveries;
    expect(newest).toEqual(all.slice(0, 5));
    const times = all.map((r) => r.receivedAt.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it("keeps the newest 50 of a busy tenant and a 4 KB excerpt of large bodies", async () => {
    const a = tenant();
    const port = storage().deliveryLog;
    await Promise.all(Array.from({ length: 120 }, () => port.record(a, delivery())));
    const big = delivery({ rawBody: JSON.stringify({ pad: "é".repeat(10_000) }) });
    await port.record(a, big);
    const listed = (await port.list(a, { limit: 50 })).deliveries;
    expect(listed).toHaveLength(50);
    expect(listed[0]?.deliveryId).toBe(big.deliveryId);
    expect(listed[0]?.bodyBytes).toBe(Buffer.byteLength(big.rawBody));
    expect(Buffer.byteLength(listed[0]?.bodyExcerpt ?? "")).toBeLessThanOrEqual(4096);
  });

  it("lists one source's deliveries with their headers, body and what they produced, and no other source's or tenant's", async () => {
    const [a, b] = [tenant(), tenant()];
    const [shop, stripe] = [new ObjectId().toHexString(), new ObjectId().toHexString()];
    const port = storage().deliveryLog;
    const fromShop = (topic: string, note: string | null) =>
      delivery({
        kind: "other",
        scheme: "source:shopify",
        headers: { "x-shopify-topic": topic, "x-shopify-webhook-id": `wh_${topic}` },
        rawBody: JSON.stringify({ id: "820982911946154508", topic }),
        source: { id: shop, type: "shopify", topic, note },
      });
    const created = fromShop("orders/create", null);
    const stored = fromShop("customers/update", "customers/update is stored, not mapped");
    await port.record(a, created);
    await port.record(a, delivery({ source: { id: stripe, type: "stripe", topic: "charge.succeeded", note: null } }));
    await port.record(a, delivery());
    await port.record(a, stored);
    await port.record(b, fromShop("orders/create", null));
    const listed = (await port.list(a, { limit: 50, sourceId: shop })).deliveries;
    expect(listed.map((r) => r.deliveryId)).toEqual([stored.deliveryId, created.deliveryId]);
    expect(listed[0]).toMatchObject({
      scheme: "source:shopify",
      headers: stored.headers,
      bodyExcerpt: stored.rawBody,
      bodyBytes: Buffer.byteLength(stored.rawBody),
      source: stored.source,
    });
    expect(listed[1]).toMatchObject({ headers: created.headers, bodyExcerpt: created.rawBody });
    // The tenant's own log lists every delivery, the source's ones with their headers and body too.
    const all = (await port.list(a, { limit: 50 })).deliveries;
    expect(all).toHaveLength(4);
    expect(all[0]).toMatchObject({ deliveryId: stored.deliveryId, headers: stored.headers, bodyExcerpt: stored.rawBody });
  });

  it("lists a tenant's newest 50 across its own deliveries and a busy source's, in order", async () => {
    const a = tenant();
    const shop = new ObjectId().toHexString();
    const port = storage().deliveryLog;
    const own = (label: string) => delivery({ deliveryId: label });
    const fromShop = (label: string) =>
      delivery({
        deliveryId: label,
        scheme: "source:shopify",
        source: { id: shop, type: "shopify", topic: "orders/create", note: null },
      });
    for (let i = 0; i < 60; i++) await port.record(a, own(`own-early-${i}`));
    for (let i = 0; i < 60; i++) await port.record(a, fromShop(`shop-${i}`));
    for (let i = 0; i < 5; i++) await port.record(a, own(`own-late-${i}`));
    const listed = (await port.list(a, { limit: 50 })).deliveries.map((r) => r.deliveryId);
    const expected = [
      ...Array.from({ length: 5 }, (_, i) => `own-late-${4 - i}`),
      ...Array.from({ length: 45 }, (_, i) => `shop-${59 - i}`),
    ];
    expect(listed).toEqual(expected);
    expect((await port.list(a, { limit: 3, sourceId: shop })).deliveries.map((r) => r.deliveryId)).toEqual([
      "shop-59",
      "shop-58",
      "shop-57",
    ]);
  });

  it("keeps a record written `once` under a key once, and says whether this call stored it", async () => {
    const a = tenant();
    const port = storage().deliveryLog;
    const stored = delivery({ kind: "other", result: { status: 200, body: { stored: true } } });
    const key = `source:${new ObjectId().toHexString()}:${stored.deliveryId}`;
    expect(await port.record(a, stored, { once: key })).toEqual({ recorded: true });
    expect(await port.record(a, stored, { once: key })).toEqual({ recorded: false });
    expect((await port.list(a, { limit: 50 })).deliveries.map((r) => r.deliveryId)).toEqual([stored.deliveryId]);
    // Without a key every call is its own entry (a platform's retry of an event is listed again).
    expect(await port.record(a, stored)).toEqual({ recorded: true });
    expect((await port.list(a, { limit: 50 })).deliveries).toHaveLength(2);
    // The record kept under an event is found by that event (an order's page lists its deliveries),
    // and only in its own tenant.
    expect(await port.findForEvent(a, key)).toMatchObject({
      deliveryId: stored.deliveryId,
      status: 200,
      rawBody: stored.rawBody,
    });
    expect(await port.findForEvent(tenant(), key)).toBeNull();
    expect(await port.findForEvent(a, "another-event")).toBeNull();
  });

  it("pages back through every delivery with a cursor, newest first, far beyond the newest 50", async () => {
    const a = tenant();
    const shop = new ObjectId().toHexString();
    const port = storage().deliveryLog;
    const expected: string[] = [];
    for (let i = 0; i < 140; i++) {
      const fromShop = i % 4 === 0;
      await port.record(
        a,
        delivery({
          deliveryId: `page-${i}`,
          ...(fromShop
            ? { scheme: "source:shopify", source: { id: shop, type: "shopify", topic: "orders/create", note: null } }
            : {}),
        }),
      );
      expected.unshift(`page-${i}`);
    }
    const listed = await everyPage((cursor) => port.list(a, { limit: 50, cursor }));
    expect(listed.map((r) => r.deliveryId)).toEqual(expected);
    // Older rows open to their headers and body as the newest do.
    expect(listed.at(-1)).toMatchObject({ deliveryId: "page-0", bodyExcerpt: expect.stringContaining("ORD-") });
  });

  it("filters by answer, kind and time, and finds a delivery by its delivery id, its event or the id inside it", async () => {
    const a = tenant();
    const port = storage().deliveryLog;
    await port.record(a, delivery({ deliveryId: "msg_Find_Me", dedupeKey: "order:ORD-777:paid" }));
    await port.record(a, delivery({ kind: "payments", dedupeKey: "payment:pay_42:paid", result: { status: 202, body: null } }));
    await port.record(a, delivery({ dedupeKey: "order:ORD-778:paid", result: { status: 200, body: { duplicate: true } } }));
    // Another tenant's delivery with the same ids is never found.
    await port.record(tenant(), delivery({ deliveryId: "msg_Find_Me", dedupeKey: "order:ORD-777:paid" }));
    const keys = async (query: Partial<AcceptedDeliveryQuery>) =>
      (await everyPage((cursor) => port.list(a, { limit: 50, ...query, cursor }))).map((r) => r.dedupeKey);
    expect(await keys({ status: 202 })).toEqual(["payment:pay_42:paid"]);
    expect(await keys({ status: 200, kind: "orders" })).toEqual(["order:ORD-778:paid"]);
    expect(await keys({ kind: "payments" })).toEqual(["payment:pay_42:paid"]);
    for (const search of ["msg_find_me", "ORD-777", "order:ord-777:PAID", " msg_Find_Me "])
      expect(await keys({ search }), search).toEqual(["order:ORD-777:paid"]);
    expect(await keys({ search: "pay_42" })).toEqual(["payment:pay_42:paid"]);
    expect(await keys({ search: "pay_42", kind: "orders" })).toEqual([]);
    expect(await keys({ search: "ORD-77" })).toEqual([]);
    const recordId = (await port.list(a, { limit: 50, search: "msg_find_me" })).deliveries[0]?.id as string;
    expect(await keys({ search: recordId })).toEqual(["order:ORD-777:paid"]);
    expect(await storage().deliveryLog.list(tenant(), { limit: 50, search: recordId })).toEqual({ deliveries: [], next: null });
    // A source's delivery is found by the platform's own delivery id too.
    const shop = new ObjectId().toHexString();
    await port.record(
      a,
      delivery({
        deliveryId: `${shop}:b3e1-wh-42`,
        dedupeKey: `source:${shop}:b3e1-wh-42`,
        kind: "other",
        source: { id: shop, type: "shopify", topic: "customers/update", note: null },
      }),
    );
    expect(await keys({ search: "B3E1-WH-42" })).toEqual([`source:${shop}:b3e1-wh-42`]);
    const [past, future] = [new Date(Date.now() - 3_600_000), new Date(Date.now() + 60_000)];
    expect(await keys({ since: future })).toEqual([]);
    expect(await keys({ until: past })).toEqual([]);
    expect(await keys({ since: past, until: future })).toHaveLength(4);
  });
});
