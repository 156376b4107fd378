import { decimal, email, joined, lineItems, list, obj, text } from "@/lib/sources/map/read";
import type { MapInput, Mapping } from "@/lib/sources/map/types";
import type { orderStatuses } from "@/lib/webhooks/schemas";

type OrderStatus = (typeof orderStatuses)[number];

// Shopify posts the REST Order resource, unwrapped, for every orders/* topic; the topic is in
// X-Shopify-Topic and each delivery's id in X-Shopify-Webhook-Id (docs/sources.md).
const ORDER_TOPICS = new Set(["orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled"]);

/** Where the order stands: cancelled and refunded first, then shipped, paid, pending. */
function statusOf(order: Record<string, unknown>, topic: string): OrderStatus {
  const financial = text(order.financial_status);
  if (topic === "orders/cancelled" || text(order.cancelled_at)) return "cancelled";
  if (financial === "refunded") return "refunded";
  if (financial === "voided") return "cancelled";
  if (topic === "orders/fulfilled" || text(order.fulfillment_status) === "fulfilled") return "shipped";
  if (topic === "orders/paid" || financial === "paid" || financial === "partially_refunded") return "paid";
  return "pending";
}

export function mapShopify({ options, body, topic, deliveryId }: MapInput<"shopify">): Mapping {
  const order = obj(body);
  const base = { topic, eventId: deliveryId };
  if (topic === "refunds/create") {
    // A refund names its order by Shopify's id only: it can find an order stored under that id.
    if (options.orderNumberFrom !== "id")
      return {
        ...base,
        event: null,
        note: "refunds/create names its order by id only; the refund reaches the order as orders/updated (financial_status refunded)",
      };
    const refundId = text(order.id);
    const orderId = text(order.order_id);
    const amount = list(order.transactions).reduce<number>((sum, t) => sum + (decimal(obj(t).amount) ?? 0), 0);
    if (!refundId || !orderId) return { ...base, event: null, note: "the refund has no id or order_id" };
    return {
      ...base,
      event: {
        kind: "payments",
        input: {
          orderNumber: orderId,
          paymentId: `shopify_refund_${refundId}`,
          status: "refunded",
          amount: Math.round(amount * 100) / 100,
          metadata: { platform: "shopify", shopifyRefundId: refundId, shopifyOrderId: orderId },
        },
      },
    };
  }
  if (!topic || !ORDER_TOPICS.has(topic))
    return { ...base, event: null, note: `topic ${topic ?? "(none)"} is stored, not mapped` };

  const id = text(order.id);
  const orderNumber =
    options.orderNumberFrom === "id"
      ? id
      : options.orderNumberFrom === "order_number"
        ? text(order.order_number)
        : text(order.name);
  const amount = decimal(order.total_price);
  if (!orderNumber || amount === null) return { ...base, event: null, note: "the order has no number or total_price" };
  const customer = obj(order.customer);
  const billing = obj(order.billing_address);
  const customerEmail = email(order.email) ?? email(order.contact_email) ?? email(customer.email);
  return {
    ...base,
    event: {
      kind: "orders",
      input: {
        orderNumber,
        customerName:
          joined(customer.first_name, customer.last_name) ?? text(billing.name) ?? customerEmail ?? "Shopify customer",
        customerEmail,
        amount,
        currency: text(order.currency) ?? undefined,
        status: statusOf(order, topic),
        items: lineItems(order.line_items, ["product_id", "variant_id", "id"], ["name", "title"]),
        metadata: {
          platform: "shopify",
          ...(id ? { shopifyOrderId: id } : {}),
          ...(text(order.financial_status) ? { financialStatus: text(order.financial_status) } : {}),
        },
      },
    },
  };
}
