import { type Db, MongoClient, ObjectId } from "mongodb";
import { logDatabaseName } from "@/lib/storage/database/log-database";
import type { Session } from "../../tests/support/http";
import type { Delivery } from "./load";
import { say } from "./stack";
import { getJson, readApi } from "./tenant";

// What "nothing answered is lost" means, delivery by delivery. Every delivery answered 2xx must have:
// - its record: the order (exactly one per order number, readable at GET /api/orders/{id}), the
//   status change (the order shows it), the payment (exactly one record per paymentId + status,
//   linked once to its order), or the notification (a notification delivery's record);
// - exactly one notification (GET /api/notifications, every page);
// - exactly one activity entry (GET /api/activity, every page);
// - a delivery-log entry: exactly one when it was answered on its first attempt, between one and
//   its number of attempts otherwise (each accepted request is logged, docs/webhooks.md);
// - and be counted once on the dashboard (GET /api/dashboard: today's orders and paid payments).
// The API shows no duplicates by number and only the newest 50 deliveries, so record counts and the
// delivery log are read in the database itself (read-only): `orders`, `payments`, and the archive
// `webhook_events` of the log database, which both storage adapters keep for every accepted request.

type Notification = { id: string; title: string; metadata?: Record<string, unknown>; position: string };
type Activity = { id: string; kind: string; summary: string; refs?: Record<string, unknown> };
type OrderDetail = {
  id: string;
  orderNumber: string;
  status: string;
  paymentStatus: string | null;
  payments: Array<{ paymentId: string }>;
};

export type Check = "record" | "notification" | "activity" | "deliveryLog" | "paymentLink";

export type Verdict = {
  passed: boolean;
  /** Deliveries answered 2xx that miss an effect, per effect. */
  lost: Record<Check, number>;
  /** Effects present more often than once, per effect. */
  duplicated: Record<Check, number>;
  dashboard: {
    orders: { expected: number; actual: number | null };
    paymentsPaid: { expected: number; actual: number | null };
    note?: string;
  };
  /** Deliveries the drill never got a 2xx for (refused or abandoned): a loss of their own. */
  unanswered: number;
  totals: { answered2xx: number; notifications: { api: number; stored: number }; activity: number; deliveryLog: number };
  /** A few of the deliveries that lost something, with their attempts. */
  examples: unknown[];
  /** The deliveries that lost something (seq), per effect: for the drills' timing figures. */
  lostSeqs: Record<Check, number[]>;
};

export type RawDb = { db: Db; logDb: Db; close: () => Promise<void> };

export async function openRawDb(uri: string): Promise<RawDb> {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 20_000 });
  const db = client.db();
  return { db, logDb: client.db(logDatabaseName(db.databaseName)), close: () => client.close() };
}

async function counts(raw: RawDb, tenantId: string) {
  const filter = { tenantId: new ObjectId(tenantId) };
  return {
    orders: await raw.db.collection("orders").countDocuments(filter),
    payments: await raw.db.collection("payments").countDocuments(filter),
    notifications: await raw.db.collection("notifications").countDocuments(filter),
    events: await raw.logDb.collection("webhook_events").countDocuments(filter),
    activity: await raw.logDb.collection("activity_logs").countDocuments(filter),
    // Events whose effects are still being written or waiting for a replay (the effect journal).
    unfinished: await raw.db.collection("effect_journal").countDocuments(filter),
  };
}

/** How many of the tenant's accepted events still have effects to write (docs/reliability.md#crash-safe-effects). */
export function countUnfinished(raw: RawDb, tenantId: string): Promise<number> {
  return raw.db.collection("effect_journal").countDocuments({ tenantId: new ObjectId(tenantId) });
}

/** Waits until what the tenant has stored stops changing and no event has effects left to write. */
export async function waitForQuiet(raw: RawDb, tenantId: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(await counts(raw, tenantId));
  let stable = 0;
  while (Date.now() < deadline && stable < 2) {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const next = JSON.stringify(await counts(raw, tenantId));
    stable = next === last && (JSON.parse(next) as { unfinished: number }).unfinished === 0 ? stable + 1 : 0;
    last = next;
  }
}

async function walk<T>(session: Session, path: string, key: string): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const url: string = `${path}${path.includes("?") ? "&" : "?"}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const body = await getJson<Record<string, unknown>>(session, url);
    all.push(...((body[key] as T[]) ?? []));
    cursor = (body.nextCursor as string | null) ?? null;
    if (!cursor) break;
  }
  return all;
}

function tally<T>(items: T[], keyOf: (item: T) => string | null): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) map.set(key, (map.get(key) ?? 0) + 1);
  }
  return map;
}

async function mapLimit<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index] as T);
      }
    }),
  );
  return results;
}

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

export async function verifyDeliveries(input: {
  session: Session;
  raw: RawDb;
  deliveries: Delivery[];
  /** When the load started: the dashboard counts "today" (UTC), so a run across midnight cannot compare it. */
  startedAt: number;
}): Promise<Verdict> {
  const { session, raw, deliveries } = input;
  const tenantId = session.tenantId;
  say("waiting for the stored effects to settle");
  await waitForQuiet(raw, tenantId);

  say("reading notifications, activity, dashboard and orders through the API");
  const notifications = await walk<Notification>(session, "/api/notifications", "notifications");
  const activity = await walk<Activity>(session, "/api/activity", "entries");
  const dashboard = await getJson<{ kpis: { orders: number; payments: { paid: number } } }>(session, "/api/dashboard?tz=UTC");

  const filter = { tenantId: new ObjectId(tenantId) };
  const storedOrders = tally(await raw.db.collection("orders").find(filter).project({ orderNumber: 1 }).toArray(), (o) =>
    String(o.orderNumber),
  );
  const storedPayments = tally(
    await raw.db.collection("payments").find(filter).project({ paymentId: 1, status: 1 }).toArray(),
    (p) => `${p.paymentId}:${p.status}`,
  );
  const logged = tally(await raw.logDb.collection("webhook_events").find(filter).project({ deliveryId: 1 }).toArray(), (e) =>
    String(e.deliveryId),
  );
  const storedNotifications = await raw.db.collection("notifications").countDocuments(filter);

  const titles = tally(notifications, (n) => n.title);
  const notificationIds = new Set(notifications.map((n) => n.id));
  const paymentNotes = tally(notifications, (n) =>
    n.title.startsWith("Payment paid") && typeof n.metadata?.paymentId === "string" ? n.metadata.paymentId : null,
  );
  const activityKeys = tally(activity, (a) => {
    if (a.kind === "webhook.order.created" || a.kind === "webhook.order.updated") return `${a.kind}:${a.refs?.orderNumber}`;
    if (a.kind === "webhook.payment.received") return `${a.kind}:${a.refs?.paymentId}`;
    if (a.kind === "webhook.notification.received") return `${a.kind}:${a.summary}`;
    return null;
  });

  const answered = deliveries.filter((d) => d.outcome === "answered");
  // Every order a delivery touched, read once through the API.
  const orderIds = [
    ...new Set(answered.map((d) => d.body?.orderId).filter((id): id is string => typeof id === "string" && id.length > 0)),
  ];
  const orders = new Map<string, { status: number; order: OrderDetail | null }>();
  await mapLimit(orderIds, 6, async (id) => {
    const { status, body } = await readApi<{ order?: OrderDetail }>(session, `/api/orders/${id}`);
    orders.set(id, { status, order: body.order ?? null });
  });

  const lost: Record<Check, number> = { record: 0, notification: 0, activity: 0, deliveryLog: 0, paymentLink: 0 };
  const duplicated: Record<Check, number> = { record: 0, notification: 0, activity: 0, deliveryLog: 0, paymentLink: 0 };
  const lostSeqs: Record<Check, number[]> = { record: [], notification: [], activity: [], deliveryLog: [], paymentLink: [] };
  const examples: unknown[] = [];

  for (const d of answered) {
    const missing: Check[] = [];
    const twice: Check[] = [];
    const judge = (check: Check, count: number, max = 1) => {
      if (count === 0) missing.push(check);
      else if (count > max) twice.push(check);
    };
    const orderId = typeof d.body?.orderId === "string" ? d.body.orderId : null;
    const order = orderId ? orders.get(orderId) : undefined;
    if (d.op === "order") {
      const stored = storedOrders.get(d.orderNumber ?? "") ?? 0;
      judge("record", order?.order?.orderNumber === d.orderNumber ? stored : 0);
      judge("notification", titles.get(`New order ${d.orderNumber}`) ?? 0);
      judge("activity", activityKeys.get(`webhook.order.created:${d.orderNumber}`) ?? 0);
    } else if (d.op === "update") {
      judge("record", order?.order?.status === "shipped" ? 1 : 0);
      judge("notification", titles.get(`Order ${d.orderNumber} is shipped`) ?? 0);
      judge("activity", activityKeys.get(`webhook.order.updated:${d.orderNumber}`) ?? 0);
    } else if (d.op === "payment") {
      judge("record", storedPayments.get(`${d.paymentId}:paid`) ?? 0);
      const links = order?.order?.payments.filter((p) => p.paymentId === d.paymentId).length ?? 0;
      judge("paymentLink", order?.order?.paymentStatus === "paid" ? links : 0);
      judge("notification", paymentNotes.get(d.paymentId ?? "") ?? 0);
      judge("activity", activityKeys.get(`webhook.payment.received:${d.paymentId}`) ?? 0);
    } else {
      const id = typeof d.body?.notificationId === "string" ? d.body.notificationId : "";
      judge("record", notificationIds.has(id) ? 1 : 0);
      judge("notification", titles.get(d.title ?? "") ?? 0);
      judge("activity", activityKeys.get(`webhook.notification.received:Notification "${d.title}" received`) ?? 0);
    }
    judge("deliveryLog", logged.get(d.deliveryId) ?? 0, Math.max(1, d.attempts.length));

    for (const check of missing) {
      lost[check]++;
      lostSeqs[check].push(d.seq);
    }
    for (const check of twice) duplicated[check]++;
    if ((missing.length > 0 || twice.length > 0) && examples.length < 8) {
      examples.push({
        seq: d.seq,
        op: d.op,
        key: d.paymentId ?? d.title ?? d.orderNumber,
        deliveryId: d.deliveryId,
        answered: d.status,
        answer: d.body?.duplicate ? "duplicate" : d.body?.updated ? "updated" : "fresh",
        missing,
        duplicated: twice,
        attempts: d.attempts.map((a) => (a.status === null ? `no answer (${a.error})` : String(a.status))),
      });
    }
  }

  const expectedOrders = new Set(answered.filter((d) => d.op === "order").map((d) => d.orderNumber)).size;
  const expectedPaid = new Set(answered.filter((d) => d.op === "payment").map((d) => d.paymentId)).size;
  const sameDay = utcDay(input.startedAt) === utcDay(Date.now());
  const unanswered = deliveries.filter((d) => d.outcome !== "answered").length;
  const dashboardVerdict = {
    orders: { expected: expectedOrders, actual: sameDay ? dashboard.kpis.orders : null },
    paymentsPaid: { expected: expectedPaid, actual: sameDay ? dashboard.kpis.payments.paid : null },
    ...(sameDay ? {} : { note: "the run crossed midnight UTC: today's figures cannot be compared" }),
    ...(unanswered > 0 ? { unansweredNote: "unanswered deliveries may or may not be counted" } : {}),
  };
  const dashboardOk =
    !sameDay || (dashboardVerdict.orders.actual === expectedOrders && dashboardVerdict.paymentsPaid.actual === expectedPaid);

  const failures = Object.values(lost).reduce((a, b) => a + b, 0) + Object.values(duplicated).reduce((a, b) => a + b, 0);
  return {
    passed: failures === 0 && dashboardOk && unanswered === 0,
    lost,
    duplicated,
    dashboard: dashboardVerdict,
    unanswered,
    totals: {
      answered2xx: answered.length,
      notifications: { api: notifications.length, stored: storedNotifications },
      activity: activity.length,
      deliveryLog: [...logged.values()].reduce((a, b) => a + b, 0),
    },
    examples,
    lostSeqs,
  };
}

/** A verdict without the per-delivery lists, for the printed figures. */
export function printable(verdict: Verdict) {
  const { lostSeqs: _seqs, ...rest } = verdict;
  return rest;
}
