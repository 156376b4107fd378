import { ZodError } from "zod";
import { listLoggedEvents } from "@/lib/activity/list-logged-events";
import { logActivity } from "@/lib/activity/log-activity";
import { recordOrderFact } from "@/lib/dashboard/record-order-fact";
import { recordPaymentFact } from "@/lib/dashboard/record-payment-fact";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import type { CreatedNotification, NewNotification } from "@/lib/notifications/create-notification";
import { notify } from "@/lib/notifications/notify";
import { ingestOrder } from "@/lib/orders/ingest-order";
import { enqueueOutboundEvent } from "@/lib/outbound/enqueue-outbound-event";
import type { OutboundEventType } from "@/lib/outbound/schemas";
import { ingestPayment } from "@/lib/payments/ingest-payment";
import { linkPendingPayments } from "@/lib/payments/link-pending-payments";
import { countTenantListeners } from "@/lib/realtime/count-tenant-listeners";
import { emitToTenant } from "@/lib/realtime/emit";
import { newId, stableId } from "@/lib/storage/ids";
import type { SourceDeliveryInfo } from "@/lib/storage/ports/delivery-log";
import type { JournalEntry } from "@/lib/storage/ports/effect-journal";
import { getStorage } from "@/lib/storage/registry";
import type { DeliveryTrace } from "@/lib/webhooks/ingest/delivery-trace";
import { eventsRunningHere } from "@/lib/webhooks/ingest/events-running-here";
import type { DeliveryScheme, NotificationWebhook, OrderWebhook, PaymentWebhook, WebhookKind } from "@/lib/webhooks/schemas";

export type Delivery = {
  tenantId: string;
  kind: WebhookKind;
  input: OrderWebhook | PaymentWebhook | NotificationWebhook;
  /** webhook-id / Idempotency-Key, when the sender gave one. */
  deliveryId: string | null;
  scheme: DeliveryScheme;
  headers: Record<string, string>;
  /** The body as received (valid UTF-8: the hot path refuses anything else). */
  rawBody: string;
  /** Set for a delivery to a source's URL (SPEC §8): its records name the source. */
  source?: SourceDeliveryInfo;
  /** Set only for the settings page's test webhook (see delivery-trace.ts). */
  trace?: DeliveryTrace;
};

export type DeliveryResult = { status: number; body: Record<string, unknown> };

/**
 * What a delivery's write found: `fresh` — this attempt stored the record (or its change), so its
 * effects follow for the first time; `repeat` — an earlier attempt of the same event stored it
 * and left its effects unfinished (a crash, a failed write): they are replayed, each idempotent,
 * and the sender is answered as for a duplicate; `duplicate` — another event stored it, or this
 * event's effects are all stored: nothing more is written but this request's delivery record.
 */
type Mode = "fresh" | "repeat" | "duplicate";

type Effects = {
  dedupeKey: string;
  /** `unique`: no other delivery can produce this cause (see CreateOptions.uniqueCause). */
  notification?: { sourceKey: string; input: NewNotification; unique: boolean };
  activity?: Parameters<typeof logActivity>[1];
  refresh?: { reason: string; ids: Record<string, string> };
  /** The dashboard's read model (models/dashboard-fact.ts): durable before the refresh is pushed. */
  dashboard?: () => Promise<void>;
  /** Linking payments that arrived first: started once the order is stored, finished before the answer. */
  linking?: Promise<unknown>;
  /** A notification delivery's notification, stored before the answer (it is the record). */
  notified?: CreatedNotification;
};

type Applied = {
  mode: Mode;
  /** What this request is answered. */
  result: DeliveryResult;
  /** What the event's first accepted attempt was (or would have been) answered: its delivery record's status. */
  firstStatus: number;
  effects: Effects;
};

/** How a replay knows which activity entries exist already: the events logged, per tenant, since a moment. */
export type LoggedEvents = (tenantId: string, since: Date) => Promise<Set<string>>;

const platform = { type: "platform" as const, label: "webhook" };
const money = (amount: number, currency = "USD") => `${currency} ${amount.toFixed(2)}`;
const WEBHOOK_ACTIVITY = ["webhook"];

/**
 * `opened`: this request opened the journal entry (it closes it when nothing was stored);
 * `replaying`: an earlier attempt's effects may be unfinished; `answering`: a request waits for
 * the answer (a replay from the journal does not).
 */
export type HandleOptions = { opened: boolean; replaying: boolean; answering: boolean; loggedEvents?: LoggedEvents };

/**
 * One event, opened in the effect journal (lib/storage/ports/effect-journal.ts): its record's
 * write (which decides created / duplicate / updated, and is the stored event SPEC §3 promises
 * before a 2xx) carrying the event's id, then its effects. What a request is answered waits for
 * what it reports: the record, the linking of payments parked for a new order, and, for a
 * notification delivery, its notification. The notification of an order or payment, its activity
 * entry, its delivery record and its dashboard fact are written right after, in the same round
 * of the writers: the sender's next delivery then joins the next round instead of waiting for
 * this one's effects. Once every effect is stored the journal entry is closed; until then a
 * restart or a retry of the event replays them, each keyed so that nothing is written twice.
 */
export async function handleEvent(delivery: Delivery, entry: JournalEntry, options: HandleOptions): Promise<DeliveryResult> {
  const { tenantId } = delivery;
  // Running from before the record's write: a replay pass or a retry must not start beside it.
  const done = eventsRunningHere.start(entry.id);
  let applied: Applied;
  try {
    applied = await applyDelivery(delivery, entry, options.replaying);
  } catch (error) {
    // The event was not accepted (its sender retries). Its entry goes only when nothing can have
    // been stored: a write that failed on the way back (the database died after committing it)
    // may have stored the record, and closing the entry then would leave that record's effects
    // to nobody, since the retry finds the record and answers a duplicate (db drill, external).
    if (options.opened && !mayHaveStored(error, delivery))
      await getStorage()
        .effectJournal.close(tenantId, entry.id)
        .catch(() => undefined);
    done();
    throw error;
  }
  const rest = finishEffects(delivery, entry, applied, options);
  // Running here until settled: a stopping server waits for it (eventsRunningHere.settle).
  void rest.finally(done).catch(() => undefined);
  // The settings page's test webhook reports every step, so it waits for all of them; so does a replay.
  if (delivery.trace || !options.answering) await rest;
  // Past the answer its failure is logged, never thrown: the journal replays what is missing.
  else
    rest.catch((error: unknown) =>
      getLogger().error({ err: error, tenantId, kind: delivery.kind }, "a delivery's effects were not all stored"),
    );
  // A new order's answer waits for the payments parked for it (a failure is replayed, not answered).
  await applied.effects.linking?.catch(() => undefined);
  return applied.result;
}

/**
 * Everything a delivery writes besides its record, then the pushes that follow. Past the answer
 * nothing here can be reported to the sender any more: each write is settled on its own, and a
 * failure leaves the journal entry open for the replay, which writes only what is missing.
 */
async function finishEffects(delivery: Delivery, entry: JournalEntry, applied: Applied, options: HandleOptions): Promise<void> {
  const { tenantId } = delivery;
  const { mode, effects } = applied;
  const journal = getStorage().effectJournal;
  const deliveryLog = getStorage().deliveryLog;
  const record = (status: number, once?: string) =>
    deliveryLog.record(
      tenantId,
      {
        kind: delivery.kind,
        deliveryId: delivery.deliveryId ?? `gen_${newId()}`,
        dedupeKey: effects.dedupeKey,
        scheme: delivery.scheme,
        headers: delivery.headers,
        rawBody: delivery.rawBody,
        ...(delivery.source ? { source: delivery.source } : {}),
        result: { status, body: applied.result.body },
      },
      { once },
    );

  if (mode === "duplicate") {
    const settled = await Promise.allSettled([
      options.answering ? record(applied.result.status) : undefined,
      effects.dashboard?.(),
    ]);
    logFailures(settled, delivery);
    // Only an entry this request opened is its to close: another one's is closed by its own run.
    if (options.opened) await journal.close(tenantId, entry.id);
    return;
  }

  const notified = effects.notification
    ? notify(tenantId, effects.notification.sourceKey, effects.notification.input, {
        // A repeat's notification may have been stored by the earlier attempt: let the inbox decide.
        uniqueCause: mode === "fresh" && effects.notification.unique,
        maybeStored: mode === "repeat",
        onPushed: delivery.trace
          ? () => {
              delivery.trace?.mark("notified");
              delivery.trace?.mark("pushed", `${countTenantListeners(tenantId)} open connection(s) on this server`);
            }
          : undefined,
      })
    : Promise.resolve(effects.notified ?? null);
  const activity = effects.activity;
  const logged = activity
    ? (async () => {
        if (mode === "repeat") {
          const since = (options.loggedEvents ?? ((t, at) => listLoggedEvents(t, WEBHOOK_ACTIVITY, at)))(
            tenantId,
            entry.openedAt,
          );
          if ((await since).has(entry.id)) return;
        }
        await logActivity(tenantId, { ...activity, refs: { ...activity.refs, event: entry.id } });
      })()
    : Promise.resolve();
  const settled = await Promise.allSettled([
    notified,
    logged,
    // The event's own record, kept once under its entry; a repeat's request is listed as well.
    record(applied.firstStatus, entry.id),
    mode === "repeat" && options.answering ? record(applied.result.status) : undefined,
    effects.dashboard?.(),
    effects.linking,
  ]);
  let failures = logFailures(settled, delivery);
  const created = settled[0].status === "fulfilled" ? settled[0].value : null;
  delivery.trace?.mark("stored");

  if (effects.refresh) emitToTenant(tenantId, "dashboard-refresh", { tenantId, ...effects.refresh });
  // SPEC §6: every accepted event is queued for the tenant's outbound endpoints (free without any).
  const type: OutboundEventType | null =
    (effects.refresh?.reason as OutboundEventType | undefined) ??
    (delivery.kind === "notifications" && created ? "notification.created" : null);
  if (type) {
    const ids = effects.refresh?.ids ?? (created ? { notificationId: created.notification.id } : {});
    const key = effects.notification?.sourceKey ?? effects.dedupeKey;
    await enqueueOutboundEvent(tenantId, {
      id: `evt_${stableId(tenantId, key)}`,
      type,
      timestamp: new Date().toISOString(),
      data: { ...(delivery.input as Record<string, unknown>), ...ids },
    }).catch((error: unknown) => {
      failures += 1;
      getLogger().warn({ err: error, tenantId }, "could not queue an outbound event: it is queued again by the journal's replay");
    });
  }
  if (failures === 0) await journal.close(tenantId, entry.id);
}

/**
 * Whether a failed record write may still have stored something. A refusal of the input (4xx)
 * stored nothing. A notification without a delivery id is a new event on each attempt, so its
 * entry cannot be met again by the sender's retry: it goes as before, or a replay would store a
 * second notification beside the retry's.
 */
function mayHaveStored(error: unknown, delivery: Delivery): boolean {
  if (error instanceof AppError && error.status < 500) return false;
  if (error instanceof ZodError) return false;
  return !(delivery.kind === "notifications" && delivery.deliveryId === null);
}

function logFailures(settled: PromiseSettledResult<unknown>[], delivery: Delivery): number {
  const failed = settled.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
  if (failed.length > 0)
    getLogger().error(
      { err: failed[0], failures: failed.length, tenantId: delivery.tenantId, kind: delivery.kind },
      "a delivery's effects were not all stored: the journal replays them",
    );
  return failed.length;
}

/** A fresh write answers as it always did; a repeat, as the duplicate the sender's retry is. */
function modeOf(fresh: boolean, byThisEvent: boolean, replaying: boolean): Mode {
  if (fresh) return "fresh";
  return byThisEvent && replaying ? "repeat" : "duplicate";
}

async function applyDelivery(delivery: Delivery, entry: JournalEntry, replaying: boolean): Promise<Applied> {
  const { tenantId } = delivery;
  switch (delivery.kind) {
    case "orders": {
      const input = delivery.input as OrderWebhook;
      const order = await ingestOrder(tenantId, input, entry.id, delivery.source?.id ?? null);
      const ids = { orderId: order.orderId, orderNumber: input.orderNumber };
      const dedupeKey = `order:${input.orderNumber}:${input.status}`;
      const duplicateAnswer: DeliveryResult = {
        status: 200,
        body: { success: true, message: "Order already recorded", ...ids, duplicate: true },
      };
      if (order.outcome === "duplicate") {
        return {
          mode: "duplicate",
          result: duplicateAnswer,
          firstStatus: 200,
          effects: { dedupeKey, dashboard: () => recordOrderFact(tenantId, order.snapshot) },
        };
      }
      const mode = modeOf(!order.byThisEvent, order.byThisEvent, replaying);
      if (order.outcome === "created") {
        return {
          mode,
          result:
            mode === "fresh"
              ? { status: 201, body: { success: true, message: "Order created successfully", ...ids } }
              : duplicateAnswer,
          firstStatus: 201,
          effects:
            mode === "duplicate"
              ? { dedupeKey, dashboard: () => recordOrderFact(tenantId, order.snapshot) }
              : {
                  dedupeKey,
                  notification: {
                    sourceKey: `order:${order.orderId}:created`,
                    unique: true, // this delivery's insert created the order
                    input: {
                      title: `New order ${input.orderNumber}`,
                      message: `${input.customerName} ordered ${money(input.amount, input.currency)} (${input.status})`,
                      type: input.status === "failed" || input.status === "cancelled" ? "warning" : "success",
                      priority: "medium",
                      actionUrl: `/orders/${order.orderId}`,
                      actionText: "View order",
                      metadata: { ...ids, status: input.status },
                    },
                  },
                  activity: {
                    kind: "webhook.order.created",
                    actor: platform,
                    summary: `Order ${input.orderNumber} received`,
                    refs: ids,
                    after: { status: input.status, amount: input.amount },
                  },
                  refresh: { reason: "order.created", ids },
                  dashboard: () => recordOrderFact(tenantId, order.snapshot),
                  // The order is stored, so a payment parked from now on finds it itself (ingest-payment.ts).
                  linking: linkPendingPayments(tenantId, { id: order.orderId, orderNumber: input.orderNumber }),
                },
        };
      }
      const updatedBody = {
        success: true,
        message: "Order updated",
        ...ids,
        updated: true,
        previousStatus: order.previousStatus,
        status: input.status,
      };
      return {
        mode,
        result: mode === "fresh" ? { status: 200, body: updatedBody } : duplicateAnswer,
        firstStatus: 200,
        effects:
          mode === "duplicate"
            ? { dedupeKey, dashboard: () => recordOrderFact(tenantId, order.snapshot) }
            : {
                dedupeKey,
                notification: {
                  sourceKey: `order:${order.orderId}:v${order.version}`,
                  unique: true, // this delivery's compare-and-set made version N
                  input: {
                    title: `Order ${input.orderNumber} is ${input.status}`,
                    message: `Status changed from ${order.previousStatus} to ${input.status}`,
                    type: ["failed", "cancelled", "refunded"].includes(input.status) ? "warning" : "info",
                    priority: input.status === "failed" ? "high" : "medium",
                    actionUrl: `/orders/${order.orderId}`,
                    actionText: "View order",
                    metadata: { ...ids, status: input.status, previousStatus: order.previousStatus },
                  },
                },
                activity: {
                  kind: "webhook.order.updated",
                  actor: platform,
                  summary: `Order ${input.orderNumber}: ${order.previousStatus} → ${input.status}`,
                  refs: ids,
                  before: { status: order.previousStatus },
                  after: { status: input.status },
                },
                refresh: { reason: "order.updated", ids },
                dashboard: () => recordOrderFact(tenantId, order.snapshot),
              },
      };
    }
    case "payments": {
      const input = delivery.input as PaymentWebhook;
      const payment = await ingestPayment(tenantId, input, entry.id);
      const ids: Record<string, string> = {
        paymentId: input.paymentId,
        ...(payment.orderId ? { orderId: payment.orderId } : {}),
      };
      const body = {
        success: true,
        paymentId: input.paymentId,
        status: input.status,
        orderLinked: payment.orderLinked,
        orderId: payment.orderId,
      };
      const dedupeKey = `payment:${input.paymentId}:${input.status}`;
      // Idempotent on the payment record's id: a duplicate heals a fact a failed first attempt missed.
      const dashboard = () =>
        recordPaymentFact(tenantId, String(payment.recordId), {
          paymentId: input.paymentId,
          status: input.status,
          amount: input.amount,
          orderNumber: payment.orderNumber,
          at: new Date(),
        });
      const mode = modeOf(payment.outcome === "created", payment.byThisEvent, replaying);
      const firstStatus = payment.orderLinked ? 201 : 202;
      if (mode !== "fresh") {
        const result = { status: 200, body: { ...body, message: "Payment already recorded", duplicate: true } };
        if (mode === "duplicate") return { mode, result, firstStatus, effects: { dedupeKey, dashboard } };
      }
      const notify = input.status !== "pending";
      const label = payment.orderNumber ? ` for order ${payment.orderNumber}` : "";
      return {
        mode,
        result:
          mode === "fresh"
            ? {
                status: firstStatus,
                body: {
                  ...body,
                  message: payment.orderLinked ? "Payment recorded" : "Payment stored; it will be linked when its order arrives",
                },
              }
            : { status: 200, body: { ...body, message: "Payment already recorded", duplicate: true } },
        firstStatus,
        effects: {
          dedupeKey,
          notification: notify
            ? {
                sourceKey: dedupeKey,
                unique: true, // this delivery's insert created the payment record
                input: {
                  title: `Payment ${input.status}${label}`,
                  message: `${money(input.amount)} — ${input.paymentId}`,
                  type: input.status === "paid" ? "success" : input.status === "failed" ? "error" : "warning",
                  priority: input.status === "failed" ? "high" : "medium",
                  actionUrl: payment.orderId ? `/orders/${payment.orderId}` : null,
                  actionText: payment.orderId ? "View order" : null,
                  metadata: { ...ids, status: input.status },
                },
              }
            : undefined,
          activity: {
            kind: "webhook.payment.received",
            actor: platform,
            summary: `Payment ${input.paymentId} ${input.status}${label}`,
            refs: ids,
            after: { status: input.status, amount: input.amount },
          },
          refresh: { reason: "payment.updated", ids },
          dashboard,
        },
      };
    }
    case "notifications": {
      const input = delivery.input as NotificationWebhook;
      // The event key's delivery id (or the id made up for a delivery without one) is the cause.
      const sourceKey = `delivery:${entry.eventKey.slice(entry.eventKey.indexOf("/") + 1)}`;
      const notified = await notify(
        tenantId,
        sourceKey,
        {
          title: input.title,
          message: input.message,
          type: input.type,
          priority: input.priority,
          actionUrl: input.actionUrl ?? null,
          actionText: input.actionText ?? null,
          userId: input.userId ?? null,
          metadata: input.metadata ?? {},
        },
        {
          // Without a delivery id the cause was made up for this delivery; a replay's may exist already.
          uniqueCause: delivery.deliveryId === null && !replaying,
          maybeStored: replaying,
          onPushed: delivery.trace
            ? () => {
                delivery.trace?.mark("notified");
                delivery.trace?.mark("pushed", `${countTenantListeners(tenantId)} open connection(s) on this server`);
              }
            : undefined,
        },
      );
      const notificationId = notified.notification.id;
      const mode = modeOf(notified.created, true, replaying);
      return {
        mode,
        result:
          mode === "fresh"
            ? { status: 201, body: { success: true, message: "Notification created", notificationId } }
            : { status: 200, body: { success: true, notificationId, duplicate: true } },
        firstStatus: 201,
        effects: {
          dedupeKey: sourceKey,
          notified,
          activity: {
            kind: "webhook.notification.received",
            actor: platform,
            summary: `Notification "${input.title}" received`,
            refs: {},
          },
        },
      };
    }
  }
}
