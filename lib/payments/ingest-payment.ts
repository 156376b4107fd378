import type { OrderState } from "@/lib/storage/ports/orders";
import { getStorage } from "@/lib/storage/registry";
import type { PaymentWebhook } from "@/lib/webhooks/schemas";

export type IngestedPayment = {
  outcome: "created" | "duplicate";
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
 * one of the two sees the other; the one that claims the parked payment links it.
 */
export async function ingestPayment(tenantId: string, input: PaymentWebhook): Promise<IngestedPayment> {
  const orders = getStorage().orders;
  const { created, recordId } = await orders.recordPayment(
    tenantId,
    {
      paymentId: input.paymentId,
      status: input.status,
      amount: input.amount,
      orderNumber: input.orderNumber ?? null,
      metadata: input.metadata ?? {},
    },
    new Date(),
  );

  let order = await findOrder(tenantId, input);
  let linkHere = order !== null && created;
  if (!order && created && input.orderNumber) {
    await orders.parkPayment(tenantId, recordId, input.orderNumber, new Date());
    order = await findOrder(tenantId, input);
    // The order landed meanwhile and may be linking its parked payments right now: whichever of
    // the two claims this one links it.
    if (order) linkHere = await orders.claimParkedPayment(tenantId, recordId);
  }
  if (order && linkHere) await link(tenantId, recordId, order, input);
  return {
    outcome: created ? "created" : "duplicate",
    paymentId: input.paymentId,
    recordId,
    orderLinked: Boolean(order),
    orderId: order?.id ?? null,
    orderNumber: order?.orderNumber ?? input.orderNumber ?? null,
  };
}
