import type { OutboundDeliveryView } from "@/lib/outbound/schemas";
import type { OutboundDeliveryRecord } from "@/lib/storage/ports/outbound";
import { getStorage } from "@/lib/storage/registry";

type Query = {
  endpointId?: string;
  status?: OutboundDeliveryView["status"];
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
};

/** A page of the newest deliveries of one endpoint, or of all the tenant's endpoints, with their attempts. */
export async function listOutboundDeliveries(
  tenantId: string,
  query: Query,
): Promise<{ deliveries: OutboundDeliveryView[]; nextCursor: string | null }> {
  const { deliveries, next } = await getStorage().outbound.listDeliveries(tenantId, {
    endpointId: query.endpointId,
    status: query.status,
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
