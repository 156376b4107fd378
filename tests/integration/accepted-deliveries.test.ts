import { randomUUID } from "node:crypto";
import { ObjectId } from "mongodb";
import { describe, expect, inject, it } from "vitest";
import type { AcceptedDeliveryView } from "@/lib/deliveries/list-accepted-deliveries";
import { createSender } from "@/lib/sender/create-sender";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { settledRead } from "../support/settled";
import { storageKind } from "../support/storage-kind";
import { logDb, suiteMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// The accepted side of the deliveries log through the real server: what each platform delivery
// carried and what Pulseboard answered, from a bounded per-tenant window.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

// Settled: a delivery's record is written just after its answer.
function accepted(session: Session, query = "", tenantId = session.tenantId) {
  return settledRead(async () => {
    const response = await api(session, `/api/webhooks/deliveries${query}`, { headers: { "x-tenant-id": tenantId } });
    const body = (await response.json()) as { deliveries?: AcceptedDeliveryView[]; error?: string; details?: unknown };
    return { status: response.status, body, deliveries: body.deliveries ?? [] };
  });
}

async function tenant() {
  const session = await signUp(baseUrl);
  const secret = await tenantSecret(mongo(), session.tenantId);
  return { session, secret };
}

describe("accepted deliveries", () => {
  it("lists what each delivery carried and what was answered, newest first, to every member", async () => {
    const { session, secret } = await tenant();
    const hex = createSender({ baseUrl, tenantId: session.tenantId, secret, scheme: "hex" });
    const standard = createSender({ baseUrl, tenantId: session.tenantId, secret, scheme: "standard" });
    const orderNumber = `ORD-${randomUUID().slice(0, 8)}`;
    const order = await hex.sendOrder({ orderNumber, customerName: "Ada", amount: 12 }, { idempotencyKey: `key-${orderNumber}` });
    const payment = await standard.sendPayment({ orderNumber, amount: 12, status: "paid", paymentId: `pay_${orderNumber}` });
    const again = await standard.sendOrder({ orderNumber, customerName: "Ada", amount: 12 });
    const note = await standard.sendNotification({ title: "Hi", message: "there" });
    // The platform sends the same notification again (its own retry): answered, and listed, as a duplicate.
    const repeat = await standard.sendNotification({ title: "Hi", message: "there" }, { idempotencyKey: note.deliveryId });
    expect(repeat).toMatchObject({ status: 200, body: { duplicate: true, notificationId: note.body.notificationId } });

    const { status, deliveries } = await accepted(session);
    expect(status).toBe(200);
    expect(deliveries.map((d) => [d.kind, d.deliveryId, d.scheme, d.status, d.dedupeKey])).toEqual([
      ["notifications", note.deliveryId, "standard", 200, `delivery:${note.deliveryId}`],
      ["notifications", note.deliveryId, "standard", 201, `delivery:${note.deliveryId}`],
      ["orders", again.deliveryId, "standard", 200, `order:${orderNumber}:pending`],
      ["payments", payment.deliveryId, "standard", 201, `payment:pay_${orderNumber}:paid`],
      ["orders", `key-${orderNumber}`, "hex", 201, `order:${orderNumber}:pending`],
    ]);
    const first = deliveries[4];
    expect(order.deliveryId).toBe(`key-${orderNumber}`);
    expect(first?.headers["x-webhook-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(first?.headers["idempotency-key"]).toBe(`key-${orderNumber}`);
    expect(deliveries[1]?.headers["webhook-id"]).toBe(note.deliveryId);
    expect(JSON.parse(first?.bodyExcerpt ?? "")).toMatchObject({ orderNumber, tenantId: session.tenantId });
    expect(first?.bodyBytes).toBe(Buffer.byteLength(first?.bodyExcerpt ?? ""));
    const times = deliveries.map((d) => Date.parse(d.receivedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    expect((await accepted(session, "?kind=orders")).deliveries.map((d) => d.deliveryId)).toEqual([
      again.deliveryId,
      `key-${orderNumber}`,
    ]);
    expect((await accepted(session, "?limit=1")).deliveries.map((d) => d.kind)).toEqual(["notifications"]);

    // A plain member reads the log too.
    const member = await signUp(baseUrl);
    await addMember(mongo(), session.tenantId, member.userId, "member");
    expect((await accepted(member, "", session.tenantId)).deliveries).toHaveLength(5);
  });

  it("answers a bad query with a 400 naming the field", async () => {
    const { session } = await tenant();
    const bad: Array<[string, RegExp]> = [
      ["?limit=0", /limit/],
      ["?limit=51", /limit/],
      ["?limit=abc", /limit/],
      ["?kind=refunds", /kind/],
      ["?status=created", /status/],
      ["?status=404", /status/],
      ["?from=yesterday", /from/],
      ["?from=2026-12-02&to=2026-12-01", /from/],
      ["?cursor=not-a-cursor", /cursor/],
      ["?q=", /q/],
      [`?q=${"x".repeat(201)}`, /q/],
    ];
    for (const [query, field] of bad) {
      const answer = await accepted(session, query);
      expect(answer.status, query).toBe(400);
      expect(answer.body).toMatchObject({ success: false });
      expect(JSON.stringify(answer.body.details), query).toMatch(field);
    }
  });

  it("lists the newest 50 first and every older delivery by its cursor, however many arrived", async () => {
    const { session, secret } = await tenant();
    const sent: string[] = [];
    const send = async () => {
      const payload = uniqueOrder(session.tenantId);
      const result = await sendWebhook({ baseUrl, kind: "orders", payload, secret });
      expect(result.status).toBe(201);
      sent.push(payload.orderNumber);
    };
    // Bursts, so deliveries share pages, then one by one, so the newest are known.
    for (let burst = 0; burst < 10; burst++) await Promise.all(Array.from({ length: 10 }, send));
    const last: string[] = [];
    for (let i = 0; i < 5; i++) {
      await send();
      last.unshift(sent[sent.length - 1] ?? "");
    }

    const { deliveries, body } = await accepted(session);
    expect(deliveries).toHaveLength(50);
    const numbers = deliveries.map((d) => JSON.parse(d.bodyExcerpt).orderNumber as string);
    expect(numbers.slice(0, 5)).toEqual(last);
    expect(new Set(numbers).size).toBe(50);
    // Older pages follow the cursor until it ends: every delivery once, newest first.
    let cursor = (body as { nextCursor?: string | null }).nextCursor;
    const all = [...deliveries];
    for (let pages = 0; cursor && pages < 20; pages++) {
      const older = await accepted(session, `?cursor=${encodeURIComponent(cursor)}`);
      expect(older.status).toBe(200);
      all.push(...older.deliveries);
      cursor = (older.body as { nextCursor?: string | null }).nextCursor;
    }
    expect(cursor).toBeNull();
    expect(new Set(all.map((d) => JSON.parse(d.bodyExcerpt).orderNumber)).size).toBe(105);
    const times = all.map((d) => d.receivedAt);
    expect([...times].sort().reverse()).toEqual(times);
    // Trimming runs after the answers: two generations of about 50 entries each remain stored
    // (a generation fills past 50 by at most one page of a burst).
    const stored = async () => {
      const names = await logDb(mongo())
        .listCollections({ name: { $regex: `^accepted_${session.tenantId}` } }, { nameOnly: true })
        .toArray();
      const pages = await Promise.all(names.map((c) => logDb(mongo()).collection(c.name).find({}).toArray()));
      return { generations: names.length, entries: pages.flat().reduce((sum, page) => sum + (page.count as number), 0) };
    };
    if ((await storageKind(baseUrl)) === "embedded") {
      await expect.poll(async () => (await stored()).generations).toBe(2);
      expect((await stored()).entries).toBeLessThan(120);
    }
    // The archive keeps everything.
    expect(
      await logDb(mongo())
        .collection("webhook_events")
        .countDocuments({ tenantId: new ObjectId(session.tenantId) }),
    ).toBe(105);
  });

  it("filters by type and answer, and finds a delivery by its delivery id, its order number or its record id", async () => {
    const { session, secret } = await tenant();
    const { tenantId: _tenant, ...order } = uniqueOrder(session.tenantId);
    const deliveryId = `msg_${randomUUID()}`;
    const sender = createSender({ baseUrl, tenantId: session.tenantId, secret });
    expect((await sender.sendOrder(order, { idempotencyKey: deliveryId })).status).toBe(201);
    // The platform's retry of the same delivery: answered 200, listed as such.
    expect((await sender.sendOrder(order, { idempotencyKey: deliveryId })).status).toBe(200);
    expect((await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(session.tenantId), secret })).status).toBe(201);
    const found = await accepted(session, `?q=${deliveryId.toUpperCase()}`);
    expect(found.deliveries.map((d) => [d.deliveryId, d.status])).toEqual([
      [deliveryId, 200],
      [deliveryId, 201],
    ]);
    expect((await accepted(session, `?q=${order.orderNumber}&status=201`)).deliveries.map((d) => d.deliveryId)).toEqual([
      deliveryId,
    ]);
    const byRecord = await accepted(session, `?q=${found.deliveries[1]?.id}`);
    expect(byRecord.deliveries.map((d) => d.id)).toEqual([found.deliveries[1]?.id]);
    expect((await accepted(session, "?status=200")).deliveries).toHaveLength(1);
    expect((await accepted(session, "?kind=payments")).deliveries).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await accepted(session, `?from=${today}&to=${today}`)).deliveries).toHaveLength(3);
    expect((await accepted(session, "?to=2020-01-01")).body).toMatchObject({ success: true, deliveries: [], nextCursor: null });
    // Another tenant searching for the same ids finds nothing.
    const other = await tenant();
    expect((await accepted(other.session, `?q=${deliveryId}`)).deliveries).toEqual([]);
  });

  it("shows a tenant only its own deliveries, and another tenant's log answers 404", async () => {
    const a = await tenant();
    const b = await tenant();
    expect(
      (await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(a.session.tenantId), secret: a.secret })).status,
    ).toBe(201);
    expect((await accepted(a.session)).deliveries).toHaveLength(1);
    expect((await accepted(b.session)).deliveries).toEqual([]);
    const foreign = await accepted(b.session, "", a.session.tenantId);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ success: false });
    expect(foreign.deliveries).toEqual([]);
  });
});
