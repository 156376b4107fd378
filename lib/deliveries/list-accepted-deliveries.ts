import type { ListAcceptedDeliveriesQuery } from "@/lib/deliveries/schemas";
import type { SourceDeliveryInfo } from "@/lib/storage/ports/delivery-log";
import { getStorage } from "@/lib/storage/registry";

export type AcceptedDeliveryView = {
  id: string;
  kind: string;
  deliveryId: string;
  scheme: string;
  /** What Pulseboard answered: 201 created, 200 duplicate or update, 202 payment waiting for its order. */
  status: number;
  dedupeKey: string;
  headers: Record<string, string>;
  bodyExcerpt: string;
  bodyBytes: number;
  /** A delivery to a source's URL: the source, the platform's topic, and why it produced nothing, if so. */
  source: SourceDeliveryInfo | null;
  receivedAt: string;
};

/** A page of the tenant's accepted deliveries, newest first (the deliveries log), and the next page's cursor. */
export async function listAcceptedDeliveries(
  tenantId: string,
  query: ListAcceptedDeliveriesQuery,
): Promise<{ deliveries: AcceptedDeliveryView[]; nextCursor: string | null }> {
  const { q, from, to, ...rest } = query;
  const page = await getStorage().deliveryLog.list(tenantId, { ...rest, search: q, since: from, until: to });
  return {
    deliveries: page.deliveries.map((record) => ({
      id: record.id,
      kind: record.kind,
      deliveryId: record.deliveryId,
      scheme: record.scheme,
      status: record.status,
      dedupeKey: record.dedupeKey,
      headers: record.headers,
      bodyExcerpt: record.bodyExcerpt,
      bodyBytes: record.bodyBytes,
      source: record.source ?? null,
      receivedAt: record.receivedAt.toISOString(),
    })),
    nextCursor: page.next,
  };
}
