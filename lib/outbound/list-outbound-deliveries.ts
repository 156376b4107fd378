import type { OutboundDeliveryView } from "@/lib/outbound/schemas";
import { getStorage } from "@/lib/storage/registry";

type Query = { endpointId?: string; status?: OutboundDeliveryView["status"]; limit: number };

/** The newest deliveries of one endpoint, or of all the tenant's endpoints, with their attempts. */
export async function listOutboundDeliveries(tenantId: string, query: Query): Promise<OutboundDeliveryView[]> {
  const { deliveries } = await getStorage().outbound.listDeliveries(tenantId, query);
  return deliveries.map((delivery) => ({
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
  }));
}
