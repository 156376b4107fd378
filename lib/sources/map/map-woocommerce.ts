import { decimal, email, joined, lineItems, obj, text } from "@/lib/sources/map/read";
import type { MapInput, Mapping } from "@/lib/sources/map/types";
import type { orderStatuses } from "@/lib/webhooks/schemas";

type OrderStatus = (typeof orderStatuses)[number];

// WooCommerce posts the REST order for order.created/updated/deleted (topic in X-WC-Webhook-Topic)
// and sends no stable delivery id: a change is identified by the webhook, the order and its
// date_modified_gmt (the fixtures' advice, docs/sources.md).
const ORDER_TOPICS = new Set(["order.created", "order.updated", "order.deleted", "order.restored"]);
const STATUS: Record<string, OrderStatus> = {
  pending: "pending",
  "on-hold": "pending",
  "checkout-draft": "pending",
  processing: "processing",
  completed: "delivered",
  cancelled: "cancelled",
  refunded: "refunded",
  failed: "failed",
  trash: "cancelled",
};

export function mapWoocommerce({ headers, body, topic }: MapInput<"woocommerce">): Mapping {
  const order = obj(body);
  const id = text(order.id);
  const modified = text(order.date_modified_gmt) ?? text(order.date_modified);
  const webhookId = headers["x-wc-webhook-id"] ?? "0";
  const base = { topic, eventId: id ? `${webhookId}:${id}:${topic ?? ""}:${modified ?? ""}` : null };
  if (!topic || !ORDER_TOPICS.has(topic))
    return { ...base, event: null, note: `topic ${topic ?? "(none)"} is stored, not mapped` };
  const orderNumber = text(order.number) ?? id;
  const amount = decimal(order.total);
  if (!orderNumber || amount === null) {
    // order.deleted of a permanently deleted order carries only its id.
    return { ...base, event: null, note: "the order has no number or total" };
  }
  const billing = obj(order.billing);
  const customerEmail = email(billing.email);
  return {
    ...base,
    event: {
      kind: "orders",
      input: {
        orderNumber,
        customerName:
          joined(billing.first_name, billing.last_name) ?? text(billing.company) ?? customerEmail ?? "WooCommerce customer",
        customerEmail,
        amount,
        currency: text(order.currency) ?? undefined,
        status: topic === "order.deleted" ? "cancelled" : (STATUS[text(order.status) ?? ""] ?? "pending"),
        items: lineItems(order.line_items, ["product_id", "id"], ["name"]),
        metadata: { platform: "woocommerce", ...(id ? { wooOrderId: id } : {}), wooStatus: text(order.status) },
      },
    },
  };
}
