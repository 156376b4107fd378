import type { OutboundDeliveryView } from "@/lib/outbound/schemas";
import type { OutboundDeliveryRecord } from "@/lib/storage/ports/outbound";
import { getStorage } from "@/lib/storage/registry";

type Query = {
  endpointId?: string;
  status?: OutboundDeliveryView["status"];
  eventType?: string;
  q?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
};

const DELIVERY_ID = /^dlv_[0-9a-f]{48}$/;

/**
 * A page of the newest deliveries of one endpoint, or of all the tenant's endpoints, with their
 * attempts, filtered; a search for a delivery id finds that delivery wherever it is in the log.
 */
export async function listOutboundDeliveries(
  tenantId: string,
  query: Query,
): Promise<{ deliveries: OutboundDeliveryView[]; nextCursor: string | null }> {
  const term = query.q?.toLowerCase();
  if (term && DELIVERY_ID.test(term)) {
    const found = query.cursor ? null : await getStorage().outbound.findDelivery(tenantId, term);
    const matches =
      found &&
      (!query.endpointId || found.endpointId === query.endpointId.toLowerCase()) &&
      (!query.status || found.status === query.status) &&
      (!query.eventType || found.eventTypes.includes(query.eventType)) &&
      (!query.from || found.createdAt >= query.from) &&
      (!query.to || found.createdAt <= query.to);
    return { deliveries: matches ? [toView(found)] : [], nextCursor: null };
  }
  const { deliveries, next } = await getStorage().outbound.listDeliveries(tenantId, {
    endpointId: query.endpointId,
    status: query.status,
    eventType: query.eventType,
    search: term,
    since: query.from,
    until: query.to,
    before: query.cursor ?? null,
    limit: query.limit,
  });
  return { deliveries: deliveries.map(toView), nextCursor: next };
}

function toView(delivery: OutboundDeliveryRecord): OutboundDeliveryView {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    url: delivery.url,
    eventTypes: delivery.eventTypes,
    eventIds: delivery.eventIds,
    eventCount: delivery.eventIds.length,
    status: delivery.status,
    attempts: delivery.attempts.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}
