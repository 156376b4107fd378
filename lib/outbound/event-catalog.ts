import type { OutboundEvent } from "@/lib/outbound/enqueue-outbound-event";
import type { OutboundEventType } from "@/lib/outbound/schemas";
import { sampleNotification, sampleOrder, samplePayment } from "@/lib/webhooks/samples";

// What each event an endpoint can subscribe to means, with a body it would receive: shown beside
// the event checkboxes of the endpoint form and written out in docs/events.md (a unit test keeps
// the two the same). The examples are built from the webhook samples, as the real events are
// built from the webhooks that cause them (lib/webhooks/ingest/handle-event.ts).

export type CatalogEntry = { type: OutboundEventType; summary: string; description: string; example: OutboundEvent };

const tenantId = sampleOrder.tenantId;
const orderId = "6752b0c4e1f2a3b4c5d6e7f8";
const at = "2026-12-05T10:00:00.000Z";
const event = (id: string, type: OutboundEventType, data: Record<string, unknown>): OutboundEvent => ({
  id: `evt_${id}`,
  type,
  timestamp: at,
  data,
});

export const eventCatalog: CatalogEntry[] = [
  {
    type: "order.created",
    summary: "A new order was stored",
    description:
      "An order webhook (or a platform's order mapped by a source) created an order. A repeated delivery of the same order sends nothing.",
    example: event("3f9a1c0d2b7e4a6f8c1d9e2a", "order.created", {
      ...sampleOrder,
      orderId,
      orderNumber: sampleOrder.orderNumber,
    }),
  },
  {
    type: "order.updated",
    summary: "An order's status changed",
    description:
      "A later delivery for a known order number changed its status (for example pending → paid). `status` is the new one.",
    example: event("8b2e6d4f1a3c5e7b9d0f2a4c", "order.updated", {
      ...sampleOrder,
      status: "shipped",
      orderId,
      orderNumber: sampleOrder.orderNumber,
    }),
  },
  {
    type: "payment.updated",
    summary: "A payment was recorded",
    description:
      "A payment webhook brought a new payment or a new status for one. `orderId` is present once the payment is linked to its order.",
    example: event("c4d6e8f0a2b4c6d8e0f2a4b6", "payment.updated", {
      ...samplePayment,
      paymentId: samplePayment.paymentId,
      orderId,
    }),
  },
  {
    type: "notification.created",
    summary: "A notification was created",
    description: "A notification webhook created a notification in the workspace's inbox.",
    example: event("1a3c5e7f9b0d2f4a6c8e0a2c", "notification.created", {
      ...sampleNotification,
      notificationId: "6752b0c4e1f2a3b4c5d6e7f9",
    }),
  },
  {
    type: "test",
    summary: "A test event",
    description:
      "Sent by “Send test event” (or `npm run cli -- endpoints test`) to one endpoint, whatever events it subscribes to.",
    example: event("5e7a9c1e3a5c7e9a1c3e5a7c", "test", {
      message: "Test event from Pulseboard",
      tenantId,
      endpointId: "6752b0c4e1f2a3b4c5d6e7fa",
    }),
  },
];

/** docs/events.md, as the catalog says it. */
export function eventCatalogMarkdown(): string {
  const sections = eventCatalog.map(
    (entry) =>
      `## \`${entry.type}\`\n\n${entry.summary}. ${entry.description}\n\n\`\`\`json\n${JSON.stringify(entry.example, null, 2)}\n\`\`\`\n`,
  );
  return [
    "# Event catalog\n",
    "Every event an outbound endpoint can subscribe to (docs/outbound.md), with a body it receives.",
    "Generated from `lib/outbound/event-catalog.ts` (`npm run docs:events`); the endpoint form shows the same.",
    "An endpoint subscribed to `*` receives every type, including types added later. With batching the",
    'body is `{"events": [event, …]}`.\n',
    ...sections,
  ].join("\n");
}
