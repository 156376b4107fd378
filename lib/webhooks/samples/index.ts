import type { NotificationWebhookInput, OrderWebhookInput, PaymentWebhookInput, WebhookKind } from "@/lib/webhooks/schemas";
import notification from "./notification.json" with { type: "json" };
import order from "./order.json" with { type: "json" };
import payment from "./payment.json" with { type: "json" };

// The original system's examples (SPEC §3), verbatim. Tests, the settings page's test button,
// the CLI and the demo simulator all start from these.
export const sampleOrder: OrderWebhookInput = order as OrderWebhookInput;
export const samplePayment: PaymentWebhookInput = payment as PaymentWebhookInput;
export const sampleNotification: NotificationWebhookInput = notification as NotificationWebhookInput;

type SampleByKind = { orders: OrderWebhookInput; payments: PaymentWebhookInput; notifications: NotificationWebhookInput };

/** A sample of `kind` for `tenantId`, with overrides (e.g. a unique orderNumber). */
export function sampleFor<K extends WebhookKind>(
  kind: K,
  tenantId: string,
  overrides: Partial<SampleByKind[K]> = {},
): SampleByKind[K] {
  const base = { orders: sampleOrder, payments: samplePayment, notifications: sampleNotification }[kind];
  return { ...structuredClone(base), ...overrides, tenantId } as SampleByKind[K];
}
