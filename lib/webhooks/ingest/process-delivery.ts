import { logActivity } from "@/lib/activity/log-activity";
import { recordOrderFact } from "@/lib/dashboard/record-order-fact";
import { recordPaymentFact } from "@/lib/dashboard/record-payment-fact";
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
import { getStorage } from "@/lib/storage/registry";
import type { DeliveryTrace } from "@/lib/webhooks/ingest/delivery-trace";
import { finishAfterAnswer } from "@/lib/webhooks/ingest/effects-in-flight";
import type { NotificationWebhook, OrderWebhook, PaymentWebhook, WebhookKind } from "@/lib/webhooks/schemas";

export type Delivery = {
  tenantId: string;
  kind: WebhookKind;
  input: OrderWebhook | PaymentWebhook | NotificationWebhook;
  /** webhook-id / Idempotency-Key, when the sender gave one. */
  deliveryId: string | null;
  scheme: "hex" | "standard" | "none";
  headers: Record<string, string>;
  rawBody: Buffer;
  /** Set only for the settings page's test webhook (see delivery-trace.ts). */
  trace?: DeliveryTrace;
};

export type DeliveryResult = { status: number; body: Record<string, unknown> };

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
};

const platform = { type: "platform" as const, label: "webhook" };
const money = (amount: number, currency = "USD") => `${currency} ${amount.toFixed(2)}`;

/**
 * The idempotent write for one verified, validated delivery, then its side effects.
 *
 * The answer waits for what it reports: the domain record (which decides created / duplicate /
 * updated, and is the stored event SPEC §3 promises before a 2xx), the linking of payments parked
 * for a new order, and, for a notification delivery, its notification. The notification of an
 * order or payment, its activity entry, its delivery record and its dashboard fact are written
 * right after, in the same round of the writers (lib/storage/embedded/insert-batched.ts): the sender's next
 * delivery then joins the next round instead of waiting for this one's effects, so each round's
 * group commits hold about twice the events. The push goes out as soon as the notification is
 * stored, the dashboard's refresh once its fact is; a stopping server finishes every effect first
 * (effects-in-flight.ts).
 */
export async function processDelivery(delivery: Delivery): Promise<DeliveryResult> {
  const { tenantId } = delivery;
  // No look-up of the delivery id first (a scan on FerretDB): every write below is idempotent
  // on its own key, and a notification delivery uses the delivery id as its key.
  const { result, effects } = await applyDelivery(delivery);

  const notified = effects.notification
    ? notify(tenantId, effects.notification.sourceKey, effects.notification.input, {
        uniqueCause: effects.notification.unique,
        onPushed: delivery.trace
          ? () => {
              delivery.trace?.mark("notified");
              delivery.trace?.mark("pushed", `${countTenantListeners(tenantId)} open connection(s) on this server`);
            }
          : undefined,
      })
    : Promise.resolve(null);
  const logged = effects.activity ? logActivity(tenantId, effects.activity) : Promise.resolve();
  const rest = finishEffects(delivery, result, effects, notified, logged);
  // The settings page's test webhook reports every step, so it waits for all of them.
  if (delivery.trace) await rest;
  else finishAfterAnswer(rest, { tenantId, kind: delivery.kind });

  // A notification delivery answers with its notification's id; any other answers once its record
  // is stored (and parked payments linked to a new order).
  const created = delivery.kind === "notifications" ? await notified : null;
  await effects.linking;
  if (delivery.kind === "notifications" && created) {
    const notificationId = created.notification.id;
    // The same delivery raced itself: answer as the duplicate it is, with the original's id.
    if (!created.created) return { status: 200, body: { success: true, notificationId, duplicate: true } };
    return { status: result.status, body: { ...result.body, notificationId } };
  }
  return result;
}

/**
 * Everything a delivery writes besides its record, then the pushes that follow. Past the answer
 * nothing here can be reported to the sender any more: each write is settled on its own, a failure
 * is logged, and the refresh and the outbound event still go out for what was stored.
 */
async function finishEffects(
  delivery: Delivery,
  result: DeliveryResult,
  effects: Effects,
  notified: Promise<CreatedNotification | null>,
  logged: Promise<void>,
): Promise<void> {
  const { tenantId } = delivery;
  // A notification delivery's notification is its record: when it failed, the answer carried the
  // error (and the sender will retry), so the delivery was not accepted and nothing else is written.
  if (
    delivery.kind === "notifications" &&
    !(await notified.then(
      () => true,
      () => false,
    ))
  ) {
    await logged.catch(() => undefined);
    return;
  }
  // The deliveries log's record, with the status answered: a repeated notification's is known once
  // its insert is refused. Never fails the delivery (the answer is out).
  const recorded = (delivery.kind === "notifications" ? notified : Promise.resolve(null)).then((created) =>
    getStorage().deliveryLog.record(tenantId, {
      kind: delivery.kind,
      deliveryId: delivery.deliveryId ?? `gen_${newId()}`,
      dedupeKey: effects.dedupeKey,
      scheme: delivery.scheme,
      headers: delivery.headers,
      rawBody: delivery.rawBody.toString("utf8"),
      result: { status: created?.created === false ? 200 : result.status, body: result.body },
    }),
  );
  const settled = await Promise.allSettled([
    notified,
    logged,
    recorded,
    effects.dashboard?.(),
    // Awaited by the answer too, which reports its failure.
    effects.linking?.catch(() => undefined),
  ]);
  const failed = settled.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
  if (failed.length > 0)
    getLogger().error(
      { err: failed[0], failures: failed.length, tenantId, kind: delivery.kind },
      "a delivery's effects were not all stored",
    );
  const created = settled[0].status === "fulfilled" ? settled[0].value : null;
  delivery.trace?.mark("stored");

  if (effects.refresh) emitToTenant(tenantId, "dashboard-refresh", { tenantId, ...effects.refresh });
  // SPEC §6: every accepted event is queued for the tenant's outbound endpoints (free without any).
  const type: OutboundEventType | null =
    (effects.refresh?.reason as OutboundEventType | undefined) ??
    (delivery.kind === "notifications" && created?.created ? "notification.created" : null);
  if (type) {
    const ids = effects.refresh?.ids ?? (created ? { notificationId: created.notification.id } : {});
    const key = effects.notification?.sourceKey ?? effects.dedupeKey;
    await enqueueOutboundEvent(tenantId, {
      id: `evt_${stableId(tenantId, key)}`,
      type,
      timestamp: new Date().toISOString(),
      data: { ...(delivery.input as Record<string, unknown>), ...ids },
    }).catch((error: unknown) => getLogger().warn({ err: error, tenantId }, "could not queue an outbound event"));
  }
}

async function applyDelivery(delivery: Delivery): Promise<{ result: DeliveryResult; effects: Effects }> {
  const { tenantId } = delivery;
  switch (delivery.kind) {
    case "orders": {
      const input = delivery.input as OrderWebhook;
      const order = await ingestOrder(tenantId, input);
      const ids = { orderId: order.orderId, orderNumber: input.orderNumber };
      const dedupeKey = `order:${input.orderNumber}:${input.status}`;
      if (order.outcome === "duplicate") {
        return {
          result: { status: 200, body: { success: true, message: "Order already recorded", ...ids, duplicate: true } },
          effects: { dedupeKey, dashboard: () => recordOrderFact(tenantId, order.snapshot) },
        };
      }
      if (order.outcome === "created") {
        // The order is stored, so a payment parked from now on finds it itself (ingest-payment.ts);
        // reading the parked ones runs beside the notification's writes instead of before them.
        const linking = linkPendingPayments(tenantId, { id: order.orderId, orderNumber: input.orderNumber });
        return {
          result: { status: 201, body: { success: true, message: "Order created successfully", ...ids } },
          effects: {
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
            linking,
          },
        };
      }
      return {
        result: {
          status: 200,
          body: {
            success: true,
            message: "Order updated",
            ...ids,
            updated: true,
            previousStatus: order.previousStatus,
            status: input.status,
          },
        },
        effects: {
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
      const payment = await ingestPayment(tenantId, input);
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
      if (payment.outcome === "duplicate") {
        return {
          result: { status: 200, body: { ...body, message: "Payment already recorded", duplicate: true } },
          effects: { dedupeKey, dashboard },
        };
      }
      const notify = input.status !== "pending";
      const label = payment.orderNumber ? ` for order ${payment.orderNumber}` : "";
      return {
        result: {
          status: payment.orderLinked ? 201 : 202,
          body: {
            ...body,
            message: payment.orderLinked ? "Payment recorded" : "Payment stored; it will be linked when its order arrives",
          },
        },
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
      // Without a delivery id the cause is fresh; with one, a retry may repeat it and the archive decides.
      const sourceKey = `delivery:${delivery.deliveryId ?? newId()}`;
      return {
        // The notification's id is added once it is stored (processDelivery).
        result: { status: 201, body: { success: true, message: "Notification created" } },
        effects: {
          dedupeKey: sourceKey,
          notification: {
            sourceKey,
            unique: delivery.deliveryId === null,
            input: {
              title: input.title,
              message: input.message,
              type: input.type,
              priority: input.priority,
              actionUrl: input.actionUrl ?? null,
              actionText: input.actionText ?? null,
              userId: input.userId ?? null,
              metadata: input.metadata ?? {},
            },
          },
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
