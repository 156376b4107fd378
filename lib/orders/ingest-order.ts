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
export async function ingestOrder(
  tenantId: string,
  input: OrderWebhook,
  event: string,
  sourceId: string | null = null,
): Promise<IngestedOrder> {
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
      sourceId,
    },
    now,
  );
  if (created) return { outcome: "created", orderId: order.id, version: 0, snapshot: versionOf(order), byThisEvent: false };
  if (order.version === 0 && order.event === event)
    return { outcome: "created", orderId: order.id, version: 0, snapshot: versionOf(order), byThisEvent: true };

  let existing: OrderState | null = order;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!existing) throw new Error(`order ${input.orderNumber} vanished`);
    if (existing.status === input.status && existing.event !== event) {
      // Re-recorded (idempotently) so a retry after a failure between the order and its facts heals them.
      return { outcome: "duplicate", orderId: existing.id, snapshot: versionOf(existing) };
    }
    // A retry or replay of an event that already changed this order (maybe not its latest change):
    // that change is its outcome, never a second one (which would also undo what came after it).
    if (attempt === 0) {
      const own = await earlierChangeBy(tenantId, existing, event);
      if (own) return own;
      if (existing.status === input.status) return { outcome: "duplicate", orderId: existing.id, snapshot: versionOf(existing) };
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

/** The version of the order this event stored, on an earlier attempt, as that attempt reported it; null if none. */
async function earlierChangeBy(tenantId: string, order: OrderState, event: string): Promise<IngestedOrder | null> {
  const record = await getStorage().orders.readOrder(tenantId, order.id);
  const history = record?.statusHistory ?? [];
  const version = history.findIndex((change) => change.event === event);
  if (version < 0) return null;
  const status = history[version]?.status ?? order.status;
  const snapshot = { ...versionOf(order), v: version, status };
  if (version === 0) return { outcome: "created", orderId: order.id, version, snapshot, byThisEvent: true };
  const previousStatus = history[version - 1]?.status ?? "";
  return { outcome: "updated", orderId: order.id, version, previousStatus, snapshot, byThisEvent: true };
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
