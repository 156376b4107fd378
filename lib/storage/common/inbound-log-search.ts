import type { AcceptedDeliveryQuery } from "@/lib/storage/ports/delivery-log";
import { DELIVERY_ID_HEADERS, type RejectionQuery } from "@/lib/storage/ports/rejected-deliveries";

// What a search of the inbound deliveries logs matches, the same on both adapters: whole values,
// case-insensitive (the mongodb adapter keeps them as `keys` under an index; the embedded one
// compares them as it walks its windows).

const lower = (values: Array<string | null | undefined>) => [
  ...new Set(values.filter((v): v is string => typeof v === "string" && v.length > 0).map((v) => v.toLowerCase())),
];

/**
 * An accepted delivery's keys: the sender's delivery id, the event's identity and the id inside it
 * (`order:ORD-1:paid` → `ord-1`, `payment:pay_1:paid` → `pay_1`, `delivery:<id>` → `<id>`), and
 * for a source's delivery the platform's own id (stored as `<sourceId>:<platform id>`).
 */
export function acceptedSearchKeys(delivery: {
  deliveryId: string;
  dedupeKey: string;
  source?: { id: string } | null;
}): string[] {
  const parts = delivery.dedupeKey.split(":");
  // Orders and payments end with the status the event reported; the id is what lies between.
  const id =
    parts[0] === "order" || parts[0] === "payment"
      ? parts.slice(1, -1).join(":")
      : parts[0] === "source"
        ? parts.slice(2).join(":")
        : parts.slice(1).join(":");
  const sourcePrefix = delivery.source ? `${delivery.source.id}:` : null;
  const platformId =
    sourcePrefix && delivery.deliveryId.startsWith(sourcePrefix) ? delivery.deliveryId.slice(sourcePrefix.length) : null;
  return lower([delivery.deliveryId, delivery.dedupeKey, id, platformId]);
}

/** A refusal's keys: the delivery ids its sender put in headers (it was never parsed into an event). */
export function rejectionSearchKeys(headers: Record<string, string> | undefined): string[] {
  return lower(DELIVERY_ID_HEADERS.map((name) => headers?.[name]));
}

export const searchTerm = (search: string) => search.trim().toLowerCase();

type Listed = { id: string; receivedAt: Date };

/** The time bounds and the search, as both logs apply them to one entry. */
function inBounds(entry: Listed, keys: string[], query: { since?: Date; until?: Date; search?: string }): boolean {
  const at = entry.receivedAt.getTime();
  if (query.since && at < query.since.getTime()) return false;
  if (query.until && at > query.until.getTime()) return false;
  if (query.search === undefined) return true;
  const term = searchTerm(query.search);
  return entry.id === term || keys.includes(term);
}

export function matchesAcceptedQuery(
  entry: Listed & { kind: string; status: number; deliveryId: string; dedupeKey: string; source?: { id: string } | null },
  query: Omit<AcceptedDeliveryQuery, "limit" | "cursor">,
): boolean {
  if (query.kind && entry.kind !== query.kind) return false;
  if (query.status !== undefined && entry.status !== query.status) return false;
  if (query.sourceId && entry.source?.id !== query.sourceId.toLowerCase()) return false;
  return inBounds(entry, acceptedSearchKeys(entry), query);
}

export function matchesRejectionQuery(
  entry: Listed & { kind: string | null; reason: string; keys?: string[]; headers?: Record<string, string> },
  query: Omit<RejectionQuery, "limit" | "cursor">,
): boolean {
  if (query.kind && entry.kind !== query.kind) return false;
  if (query.reason && entry.reason !== query.reason) return false;
  return inBounds(entry, entry.keys ?? rejectionSearchKeys(entry.headers), query);
}
