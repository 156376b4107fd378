import type { SourceOptions, SourceType } from "@/lib/sources/schemas";
import type { OrderWebhookInput, PaymentWebhookInput } from "@/lib/webhooks/schemas";

/** What a platform's delivery becomes in our model (SPEC §3), before the tenant is added. */
export type SourceEvent =
  | { kind: "orders"; input: Omit<OrderWebhookInput, "tenantId"> }
  | { kind: "payments"; input: Omit<PaymentWebhookInput, "tenantId"> };

export type Mapping = {
  /** The platform's topic or event type (`orders/create`, `payment_intent.succeeded`). */
  topic: string | null;
  /** The platform's id of this event or delivery: what a retry repeats (SPEC §8's dedupe). */
  eventId: string | null;
  /** Null for a topic we do not map, or a payload that cannot become a record (`note` says why). */
  event: SourceEvent | null;
  note?: string;
};

export type MapInput<T extends SourceType = SourceType> = {
  options: SourceOptions<T>;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The body, parsed with integers beyond 2^53 kept as strings (parse-platform-json.ts). */
  body: unknown;
  /** The topic and delivery id the signature check read from headers, when the platform sends them. */
  topic: string | null;
  deliveryId: string | null;
};
