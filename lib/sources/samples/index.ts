import { randomBytes, randomInt } from "node:crypto";
import type { SourceType } from "@/lib/sources/schemas";

// Sample deliveries per source type, written by us in each platform's published shape (field
// names and types as in ../shared/fixtures/providers/; values our own). The Sources page's
// "send sample", the CLI and the tests use them. Each call gives fresh ids.

export type SourceSample = {
  topic: string;
  /** The body exactly as the platform would send it (ids beyond 2^53 written as JSON numbers). */
  body: string;
  /** The platform's headers besides the signature (topic, delivery id…). */
  headers: Record<string, string>;
};

export type SampleOverrides = { orderNumber?: string; amount?: string; currency?: string; topic?: string; status?: string };

/** A Shopify-sized id: 19 digits, beyond JavaScript's 2^53 (kept as text until the body is written). */
const bigId = () => `${randomInt(5_000_000, 9_000_000)}${String(randomInt(0, 1e12)).padStart(12, "0")}`;
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

function shopify(o: SampleOverrides): SourceSample {
  const id = bigId();
  const orderNumber = randomInt(1000, 999_999);
  const topic = o.topic ?? "orders/create";
  const price = o.amount ?? "59.50";
  // Written by hand so the ids stay exact numbers in the JSON, as Shopify sends them.
  const body = `{"id":${id},"admin_graphql_api_id":"gid://shopify/Order/${id}","name":"${o.orderNumber ?? `#${orderNumber}`}","order_number":${orderNumber},"email":"ada@example.com","created_at":"2026-12-05T10:00:00-05:00","currency":"${o.currency ?? "USD"}","total_price":"${price}","subtotal_price":"${price}","financial_status":"${o.status ?? "paid"}","fulfillment_status":null,"cancelled_at":null,"customer":{"id":${bigId()},"email":"ada@example.com","first_name":"Ada","last_name":"Lovelace"},"billing_address":{"name":"Ada Lovelace","city":"London","country_code":"GB"},"line_items":[{"id":${bigId()},"product_id":${bigId()},"variant_id":${bigId()},"title":"Analytical notebook","name":"Analytical notebook - Large","quantity":1,"price":"${price}","sku":"NB-L"}]}`;
  return {
    topic,
    body,
    headers: {
      "x-shopify-topic": topic,
      "x-shopify-webhook-id": `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`,
      "x-shopify-shop-domain": "pulseboard-demo.myshopify.com",
      "x-shopify-api-version": "2025-07",
      "x-shopify-event-id": `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`,
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  };
}

function stripe(o: SampleOverrides): SourceSample {
  const topic = o.topic ?? "payment_intent.succeeded";
  const pi = `pi_${hex(12)}`;
  const amount = Number(o.amount ?? 5950);
  const metadata = { order_number: o.orderNumber ?? `#${randomInt(1000, 999_999)}` };
  const object =
    topic === "checkout.session.completed"
      ? {
          id: `cs_test_${hex(16)}`,
          object: "checkout.session",
          amount_total: amount,
          currency: (o.currency ?? "usd").toLowerCase(),
          client_reference_id: metadata.order_number,
          payment_intent: pi,
          payment_status: o.status ?? "paid",
          metadata: {},
        }
      : topic.startsWith("charge.")
        ? {
            id: `ch_${hex(12)}`,
            object: "charge",
            amount,
            amount_refunded: topic === "charge.refunded" ? amount : 0,
            currency: (o.currency ?? "usd").toLowerCase(),
            payment_intent: pi,
            metadata,
            status: topic === "charge.failed" ? "failed" : "succeeded",
          }
        : {
            id: pi,
            object: "payment_intent",
            amount,
            amount_received: topic === "payment_intent.succeeded" ? amount : 0,
            currency: (o.currency ?? "usd").toLowerCase(),
            metadata,
            status: topic === "payment_intent.succeeded" ? "succeeded" : "requires_payment_method",
          };
  const event = {
    id: `evt_${hex(12)}`,
    object: "event",
    api_version: "2024-06-20",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: topic,
    data: { object },
  };
  return { topic, body: JSON.stringify(event), headers: {} };
}

function woocommerce(o: SampleOverrides): SourceSample {
  const topic = o.topic ?? "order.created";
  const id = randomInt(100, 99_999_999);
  const order = {
    id,
    parent_id: 0,
    number: o.orderNumber ?? String(id),
    status: o.status ?? "processing",
    currency: o.currency ?? "USD",
    date_created_gmt: "2026-12-05T15:00:00",
    date_modified_gmt: new Date().toISOString().slice(0, 19),
    total: o.amount ?? "29.35",
    billing: { first_name: "Grace", last_name: "Hopper", company: "", email: "grace@example.com", country: "US" },
    payment_method: "bacs",
    line_items: [
      {
        id: randomInt(1, 1e6),
        name: "Woo Single #1",
        product_id: 93,
        variation_id: 0,
        quantity: 2,
        subtotal: "6.00",
        total: "6.00",
        price: 3,
      },
    ],
  };
  return {
    topic,
    body: JSON.stringify(order),
    headers: {
      "x-wc-webhook-topic": topic,
      "x-wc-webhook-resource": "order",
      "x-wc-webhook-event": topic.split(".")[1] ?? "created",
      "x-wc-webhook-id": String(randomInt(1, 1000)),
      "x-wc-webhook-delivery-id": hex(16),
      "x-wc-webhook-source": "https://shop.example.com/",
    },
  };
}

function paddle(o: SampleOverrides): SourceSample {
  const topic = o.topic ?? "transaction.completed";
  const total = o.amount ?? "5950";
  const event = {
    event_id: `evt_${hex(13)}`,
    event_type: topic,
    occurred_at: new Date().toISOString(),
    notification_id: `ntf_${hex(13)}`,
    data: {
      id: `txn_${hex(13)}`,
      status: topic === "transaction.completed" ? "completed" : "past_due",
      currency_code: o.currency ?? "USD",
      custom_data: { order_number: o.orderNumber ?? `#${randomInt(1000, 999_999)}` },
      details: { totals: { subtotal: total, tax: "0", total, grand_total: total, currency_code: o.currency ?? "USD" } },
    },
  };
  return { topic, body: JSON.stringify(event), headers: {} };
}

function square(o: SampleOverrides): SourceSample {
  const topic = o.topic ?? "payment.updated";
  const id = hex(11).toUpperCase();
  const event = {
    merchant_id: "6SSW7HV8K2ST5",
    type: topic,
    event_id: crypto.randomUUID(),
    created_at: new Date().toISOString(),
    data: {
      type: "payment",
      id,
      object: {
        payment: { id, amount_money: { amount: Number(o.amount ?? 5950), currency: o.currency ?? "USD" }, status: "COMPLETED" },
      },
    },
  };
  return { topic, body: JSON.stringify(event), headers: {} };
}

function generic(o: SampleOverrides): SourceSample {
  const topic = o.topic ?? "order.created";
  return {
    topic,
    body: JSON.stringify({
      id: `evt_${hex(8)}`,
      type: topic,
      data: { orderNumber: o.orderNumber ?? `ORD-${randomInt(1000, 99_999)}`, amount: o.amount ?? "59.50" },
    }),
    headers: {},
  };
}

export function sourceSampleFor(type: SourceType, overrides: SampleOverrides = {}): SourceSample {
  switch (type) {
    case "shopify":
      return shopify(overrides);
    case "stripe":
      return stripe(overrides);
    case "woocommerce":
      return woocommerce(overrides);
    case "paddle":
      return paddle(overrides);
    case "square":
      return square(overrides);
    default:
      return generic(overrides);
  }
}

/** The topics each type maps to records (others are stored and shown). */
export const mappedTopics: Record<SourceType, string[]> = {
  shopify: ["orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled", "refunds/create"],
  stripe: [
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "charge.succeeded",
    "charge.failed",
    "charge.refunded",
    "checkout.session.completed",
  ],
  woocommerce: ["order.created", "order.updated", "order.deleted", "order.restored"],
  paddle: ["transaction.completed", "transaction.payment_failed"],
  square: [],
  standard: [],
  "generic-hmac": [],
};
