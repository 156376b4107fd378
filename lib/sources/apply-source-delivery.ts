import type { ZodType } from "zod";
import { issuesByPath } from "@/lib/errors";
import { applyStoreCurrency } from "@/lib/orders/apply-store-currency";
import type { SourceConfig } from "@/lib/sources/load-source-config";
import { mapSourceDelivery } from "@/lib/sources/map/map-source-delivery";
import type { SourceEvent } from "@/lib/sources/map/types";
import { type Produced, storeSourceDelivery } from "@/lib/sources/store-source-delivery";
import type { SourceDeliveryInfo } from "@/lib/storage/ports/delivery-log";
import { processDelivery } from "@/lib/webhooks/ingest/process-delivery";
import { sanitizeMetadata } from "@/lib/webhooks/sanitize-metadata";
import { type DeliveryScheme, type NotificationWebhook, webhookSchemas } from "@/lib/webhooks/schemas";

export type SourceDeliveryInput = {
  /** Lower-case header names, as received. */
  headers: Record<string, string | undefined>;
  /** The headers kept with the stored delivery. */
  kept: Record<string, string>;
  /** The body as received, and parsed with big integers kept exact. */
  text: string;
  parsed: unknown;
  /** What the signature check read from headers. */
  topic: string | null;
  deliveryId: string | null;
  /** Dedupe for a platform that sends no id: a hash of the bytes. */
  bodyHash: () => string;
  /** A re-map keeps the platform id the delivery was first stored under. */
  platformId?: string;
};

/**
 * What a verified delivery to a source becomes (SPEC §8): mapped by the source's current options
 * to an order or a payment, written through the same exactly-once pipeline as our own format
 * under the delivery id `<sourceId>:<platform id>`; a topic that is not mapped is stored (once per
 * platform id), or raised as a notification when the source asks for one. `storeCurrency` is the
 * store's (Settings → General), which an order that states none is in. Returns the answer.
 */
export async function applySourceDelivery(
  tenantId: string,
  sourceId: string,
  source: Pick<SourceConfig, "type" | "name" | "options">,
  delivery: SourceDeliveryInput,
  storeCurrency: string | null,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const mapping = mapSourceDelivery(source.type, {
    options: source.options,
    headers: delivery.headers,
    body: delivery.parsed,
    topic: delivery.topic,
    deliveryId: delivery.deliveryId,
  });
  // The platform's id of the event; a platform that sends none is deduplicated on the bytes.
  const platformId = (delivery.platformId ?? mapping.eventId ?? delivery.deliveryId ?? `sha256:${delivery.bodyHash()}`).slice(
    0,
    160,
  );
  const scheme: DeliveryScheme = `source:${source.type}`;
  const info = (note: string | null): SourceDeliveryInfo => ({ id: sourceId, type: source.type, topic: mapping.topic, note });
  const links = { sourceId, sourceDeliveryId: platformId };
  const mapped = mapping.event && validated(tenantId, mapping.event, links, storeCurrency);
  const note = (mapped && "note" in mapped ? mapped.note : mapping.note) ?? null;
  const notifyTitle = (source.options as { notifyTitle?: string }).notifyTitle;
  // Not a record: stored and shown, or raised as a notification when the tenant asked for one.
  const event: SourceEvent | { kind: "notifications"; input: NotificationWebhook } | null =
    mapped && !("note" in mapped)
      ? mapped
      : notifyTitle
        ? { kind: "notifications", input: unmappedNotification(tenantId, notifyTitle, source.name, mapping.topic, links) }
        : null;
  if (!event) {
    const body = await storeSourceDelivery(tenantId, {
      platformId,
      scheme,
      info: info(note),
      headers: delivery.kept,
      text: delivery.text,
    });
    return { status: 200, body };
  }
  const result = await processDelivery({
    tenantId,
    kind: event.kind,
    input: event.input as never,
    deliveryId: `${sourceId}:${platformId}`,
    scheme,
    headers: delivery.kept,
    rawBody: delivery.text,
    source: info(event.kind === "notifications" ? note : null),
  });
  const answer = result.body as {
    orderId?: string;
    paymentId?: string;
    notificationId?: string;
    duplicate?: boolean;
    message?: string;
  };
  const produced: Produced[] = [
    event.kind === "orders"
      ? { kind: "order", id: String(answer.orderId) }
      : event.kind === "payments"
        ? { kind: "payment", id: String(answer.paymentId) }
        : { kind: "notification", id: String(answer.notificationId) },
  ];
  return {
    status: result.status,
    body: {
      success: true,
      deliveryId: platformId,
      topic: mapping.topic,
      produced,
      ...(answer.duplicate ? { duplicate: true } : {}),
      ...(answer.message ? { message: answer.message } : {}),
    },
  };
}

/**
 * The mapped record as our own format would take it (SPEC §3), its metadata naming the source and
 * the platform's delivery it came from; a note instead when it would not be taken.
 */
function validated(
  tenantId: string,
  event: SourceEvent,
  links: Record<string, string>,
  storeCurrency: string | null,
): SourceEvent | { note: string } {
  try {
    const linked = { ...event.input, tenantId, metadata: sanitizeMetadata({ ...event.input.metadata, ...links }) };
    const input = event.kind === "orders" ? applyStoreCurrency(linked, storeCurrency) : linked;
    const checked = (webhookSchemas[event.kind] as ZodType).safeParse(input);
    if (checked.success) return { kind: event.kind, input: checked.data } as SourceEvent;
    const issues = issuesByPath(checked.error)
      .slice(0, 3)
      .map((issue) => `${issue.path || "body"} ${issue.message}`);
    return { note: `the mapped ${event.kind === "orders" ? "order" : "payment"} is not valid: ${issues.join("; ")}` };
  } catch {
    return { note: "the mapped record's metadata cannot be stored" };
  }
}

/** The notification a tenant asked for on topics that are not mapped (the source's `notifyTitle` option). */
function unmappedNotification(
  tenantId: string,
  template: string,
  sourceName: string,
  topic: string | null,
  links: Record<string, string>,
): NotificationWebhook {
  const fill = (text: string) => text.replaceAll("{topic}", topic ?? "event").replaceAll("{source}", sourceName);
  return {
    tenantId,
    title: fill(template).slice(0, 200),
    message: `${sourceName} sent ${topic ?? "an event"}; it is stored with the source's deliveries.`,
    type: "info",
    priority: "low",
    actionUrl: "/settings/sources",
    actionText: "Open sources",
    metadata: { ...links, ...(topic ? { topic } : {}) },
  };
}
