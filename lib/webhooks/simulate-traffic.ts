import { randomInt } from "node:crypto";
import { createSender } from "@/lib/sender/create-sender";
import { sampleFor } from "@/lib/webhooks/samples";
import type { orderStatuses } from "@/lib/webhooks/schemas";

type OrderStatus = (typeof orderStatuses)[number];

const customers = [
  "Ada Lovelace",
  "Grace Hopper",
  "Alan Turing",
  "Katherine Johnson",
  "Linus Pauling",
  "Marie Curie",
  "Tim Berners-Lee",
];
const products = [
  { productId: "prod_mug", productName: "Enamel Mug", price: 18 },
  { productId: "prod_tee", productName: "Organic Tee", price: 32 },
  { productId: "prod_cap", productName: "Canvas Cap", price: 24 },
  { productId: "prod_bag", productName: "Tote Bag", price: 21.5 },
];
const nextStatus: Partial<Record<OrderStatus, OrderStatus>> = {
  pending: "processing",
  paid: "processing",
  processing: "shipped",
  shipped: "delivered",
};
const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)] as T;

/**
 * The demo's traffic: signed orders, payments, status changes and low-stock alerts posted to
 * the tenant at a human pace, through the same public webhook routes a platform uses.
 */
export function simulateTraffic(options: {
  baseUrl: string;
  tenantId: string;
  secret: string;
  minDelayMs?: number;
  maxDelayMs?: number;
  log?: (line: string) => void;
}): () => void {
  const recent: Array<{ orderNumber: string; amount: number; status: OrderStatus }> = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Both signature schemes, as different platforms would use; the SDK retries what it may.
  const base = { baseUrl: options.baseUrl, tenantId: options.tenantId, secret: options.secret, retry: { maxAttempts: 3 } };
  const senders = [createSender({ ...base, scheme: "standard" }), createSender({ ...base, scheme: "hex" })] as const;
  const sender = () => senders[randomInt(2)] ?? senders[0];

  async function tick() {
    const roll = randomInt(100);
    if (roll < 45 || recent.length === 0) {
      const item = pick(products);
      const quantity = 1 + randomInt(3);
      const amount = Math.round(item.price * quantity * 100) / 100;
      const orderNumber = `ORD-${Date.now().toString(36).toUpperCase()}`;
      await sender().sendOrder({
        ...sampleFor("orders", options.tenantId),
        orderNumber,
        customerName: pick(customers),
        customerEmail: undefined,
        amount,
        status: "pending",
        items: [{ ...item, quantity }],
      });
      recent.push({ orderNumber, amount, status: "pending" });
      if (recent.length > 20) recent.shift();
    } else if (roll < 75) {
      const order = pick(recent);
      const status = randomInt(10) === 0 ? "failed" : "paid";
      await sender().sendPayment({
        orderNumber: order.orderNumber,
        amount: order.amount,
        status,
        paymentId: `pay_${order.orderNumber}`,
      });
    } else if (roll < 90) {
      const order = pick(recent);
      const next = nextStatus[order.status];
      if (next) {
        await sender().sendOrder({
          ...sampleFor("orders", options.tenantId),
          orderNumber: order.orderNumber,
          customerName: "Demo",
          amount: order.amount,
          status: next,
          items: [],
        });
        order.status = next;
      }
    } else {
      const item = pick(products);
      await sender().sendLowStockAlert({
        id: item.productId,
        name: item.productName,
        stockLevel: randomInt(6),
        lowStockThreshold: 10,
      });
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        tick()
          .catch((error: unknown) =>
            options.log?.(`traffic simulator: ${error instanceof Error ? error.message : String(error)}`),
          )
          .finally(schedule);
      },
      (options.minDelayMs ?? 2500) + randomInt((options.maxDelayMs ?? 6000) - (options.minDelayMs ?? 2500)),
    );
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
