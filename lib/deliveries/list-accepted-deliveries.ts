import type { ListAcceptedDeliveriesQuery } from "@/lib/deliveries/schemas";
import { acceptedWindowGenerations, recentAcceptedCollection } from "@/models/webhook-event";

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
  receivedAt: string;
};

/** The tenant's newest accepted deliveries, newest first, from its bounded window (never the archive). */
export async function listAcceptedDeliveries(
  tenantId: string,
  query: ListAcceptedDeliveriesQuery,
): Promise<AcceptedDeliveryView[]> {
  // The two newest generations hold the window (models/webhook-event.ts).
  const newest = (await acceptedWindowGenerations(tenantId)).slice(0, 2);
  const pages = (await Promise.all(newest.map((g) => recentAcceptedCollection(tenantId, g).find({}).toArray()))).flat();
  return (
    pages
      .flatMap((page) => page.entries)
      .filter((entry) => !query.kind || entry.kind === query.kind)
      // Same millisecond: the later ObjectId (a per-process counter) first.
      .sort((a, b) => new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime() || b.id.localeCompare(a.id))
      .slice(0, query.limit)
      .map((entry) => ({
        id: entry.id,
        kind: entry.kind,
        deliveryId: entry.deliveryId,
        scheme: entry.scheme,
        status: entry.status,
        dedupeKey: entry.dedupeKey,
        headers: entry.headers ?? {},
        bodyExcerpt: entry.bodyExcerpt ?? "",
        bodyBytes: entry.bodyBytes ?? 0,
        receivedAt: new Date(entry.receivedAt).toISOString(),
      }))
  );
}
