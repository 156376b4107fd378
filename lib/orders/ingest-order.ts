import type { OrderVersion } from "@/lib/dashboard/record-order-fact";
import type { OrderState } from "@/lib/storage/ports/orders";
import { getStorage } from "@/lib/storage/registry";
import type { OrderWebhook } from "@/lib/webhooks/schemas";

/**
 * `byThisEvent`: the change was stored by an earlier attempt of the same event (its write carries
 * the event's id), whose effects may be unfinished: the caller decides whether to replay them.
 */
export type IngestedOrder =
  | { outcome: "created"; orderId: string; version: number; snapshot: OrderVersion; byThisEvent: boolean }
  | {
      outcome: "updated";
      orderId: string;
      version: number;
      previousStatus: string;
      snapshot: OrderVersion;
      byThisEvent: boolean;
    }
  | { outcome: "duplicate"; orderId: string; snapshot: OrderVersion };

/**
 * Exactly once per tenant + orderNumber, even under concurrent identical deliveries: the port's
 * create stores a new order or reports the one the tenant has. A known order with another status
 * is changed by compare-and-set on the status read, so one racing delivery wins the change.
 */
export async function ingestOrder(tenantId: string, input: OrderWebhook, event: string): Promise<IngestedOrder> {
  const orders = getStorage().orders;
  const now = new Date();
  const { created, order } = await orders.createOrder(
    tenantId,
    {
      orderNumber: input.orderNumber,
      customerName: input.customerName,
      customerEmail: input.customerEmail ?? null,
      amount: input.amount,
      currency: input.currency,
      status: input.status,
      items: input.items ?? [],
      metadata: input.metadata ?? {},
      event,
    },
    now,
  );
  if (created) return { outcome: "created", orderId: order.id, version: 0, snapshot: versionOf(order), byThisEvent: false };
  if (order.event === event) return ownChange(tenantId, order);

  let existing: OrderState | null = order;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!existing) throw new Error(`order ${input.orderNumber} vanished`);
    if (existing.status === input.status) {
      // Re-recorded (idempotently) so a retry after a failure between the order and its facts heals them.
      return { outcome: "duplicate", orderId: existing.id, snapshot: versionOf(existing) };
    }
    const changed = await orders.changeStatus(tenantId, existing.id, existing.status, input.status, now, event);
    if (changed) {
      return {
        outcome: "updated",
        orderId: changed.id,
        version: changed.version,
        previousStatus: existing.status,
        snapshot: versionOf(changed),
        byThisEvent: false,
      };
    }
    // Another delivery changed the status between our read and our write: look again.
    existing = await orders.findOrder(tenantId, existing.id);
  }
  throw new Error(`order ${input.orderNumber} kept changing under concurrent deliveries`);
}

/** The order's current version was stored by this event, on an earlier attempt: what that attempt did. */
async function ownChange(tenantId: string, order: OrderState): Promise<IngestedOrder> {
  const snapshot = versionOf(order);
  if (order.version === 0) return { outcome: "created", orderId: order.id, version: 0, snapshot, byThisEvent: true };
  const record = await getStorage().orders.readOrder(tenantId, order.id);
  const previousStatus = record?.statusHistory[order.version - 1]?.status ?? "";
  return { outcome: "updated", orderId: order.id, version: order.version, previousStatus, snapshot, byThisEvent: true };
}

/** The dashboard's view of one version of the order (lib/dashboard/record-order-fact.ts). */
function versionOf(order: OrderState): OrderVersion {
  return {
    orderId: order.id,
    v: order.version,
    orderNumber: order.orderNumber,
    customerName: order.customerName,
    amount: order.amount,
    currency: order.currency,
    status: order.status,
    createdAt: order.createdAt,
  };
}
