import type { SourceDeliveryInfo } from "@/lib/storage/ports/delivery-log";
import { getStorage } from "@/lib/storage/registry";
import type { DeliveryScheme } from "@/lib/webhooks/schemas";

export type Produced = { kind: "order" | "payment" | "notification"; id: string };

/**
 * A verified delivery that produces no record: kept in the delivery log (once per platform id)
 * before the 200; the platform's repeat of it is answered `duplicate: true`, as a mapped one is.
 */
export async function storeSourceDelivery(
  tenantId: string,
  delivery: {
    platformId: string;
    scheme: DeliveryScheme;
    info: SourceDeliveryInfo;
    headers: Record<string, string>;
    text: string;
  },
): Promise<Record<string, unknown>> {
  const answer = {
    success: true,
    deliveryId: delivery.platformId,
    topic: delivery.info.topic,
    produced: [] as Produced[],
    stored: true,
    ...(delivery.info.note ? { note: delivery.info.note } : {}),
  };
  const key = `source:${delivery.info.id}:${delivery.platformId}`;
  const { recorded } = await getStorage().deliveryLog.record(
    tenantId,
    {
      kind: "other",
      deliveryId: `${delivery.info.id}:${delivery.platformId}`,
      dedupeKey: key,
      scheme: delivery.scheme,
      headers: delivery.headers,
      rawBody: delivery.text,
      source: delivery.info,
      result: { status: 200, body: answer },
    },
    { once: key },
  );
  return recorded ? answer : { ...answer, duplicate: true };
}
