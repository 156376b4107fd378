import type { OrderState } from "@/lib/storage/ports/orders";
import { getStorage } from "@/lib/storage/registry";
import type { PaymentWebhook } from "@/lib/webhooks/schemas";

/**
 * `byThisEvent`: the record was stored by an earlier attempt of the same event, whose linking may
 * be unfinished (it was done again here); the caller decides whether to replay its other effects.
 */
export type IngestedPayment = {
  outcome: "created" | "duplicate";
  byThisEvent: boolean;
  paymentId: string;
  recordId: string;
  orderLinked: boolean;
  orderId: string | null;
  orderNumber: string | null;
};

function findOrder(tenantId: string, input: PaymentWebhook): Promise<OrderState | null> {
  const orders = getStorage().orders;
  // The port answers null for another tenant's orderId.
  if (input.orderId) return orders.findOrder(tenantId, input.orderId);
  return orders.findOrderByNumber(tenantId, input.orderNumber ?? "");
}

/** Idempotent: the record names its order, and the order lists a payment once however often this runs. */
async function link(tenantId: string, recordId: string, order: OrderState, input: PaymentWebhook) {
  const orders = getStorage().orders;
  await orders.linkPayment(tenantId, recordId, order);
  await orders.appendPayments(
    tenantId,
    order.id,
    [{ recordId, paymentId: input.paymentId, status: input.status, amount: input.amount, at: new Date() }],
    input.status,
  );
}

/**
 * Stores a payment exactly once per paymentId + status and links it to its order. A payment whose
 * order has not arrived is parked: it parks before looking for the order a second time, and the
 * order stores itself before reading the parked payments (link-pending-payments.ts), so at least
 * one of the two sees the other. Linking is idempotent and a parked marker goes only once its
 * payment is linked, so both may link it, and a crash anywhere leaves it to be linked again: by
 * the replay of this event (its record carries the event's id) or of its order's.
 */
export async function ingestPayment(tenantId: string, input: PaymentWebhook, event: string): Promise<IngestedPayment> {
  const orders = getStorage().orders;
  const recorded = await orders.recordPayment(
    tenantId,
    {
      paymentId: input.paymentId,
      status: input.status,
      amount: input.amount,
      orderNumber: input.orderNumber ?? null,
      metadata: input.metadata ?? {},
      event,
    },
    new Date(),
  );
  const { created, recordId } = recorded;
  const byThisEvent = !created && recorded.event === event;

  let order = await findOrder(tenantId, input);
  // A repeat links again even when the record names its order: the earlier attempt may have died
  // between naming the order and listing the payment on it (both writes are idempotent).
  if (created || byThisEvent) {
    let parked = false;
    if (!order && input.orderNumber) {
      await orders.parkPayment(tenantId, recordId, input.orderNumber, new Date());
      parked = true;
      order = await findOrder(tenantId, input);
    }
    if (order) {
      await link(tenantId, recordId, order, input);
      if (parked || byThisEvent) await orders.claimParkedPayment(tenantId, recordId);
    }
  }
  return {
    outcome: created ? "created" : "duplicate",
    byThisEvent,
    paymentId: input.paymentId,
    recordId,
    orderLinked: Boolean(order),
    orderId: order?.id ?? null,
    orderNumber: order?.orderNumber ?? input.orderNumber ?? null,
  };
}
