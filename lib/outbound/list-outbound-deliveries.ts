import type { AttemptView, OutboundDeliveryView } from "@/lib/outbound/schemas";
import { deliveryWindowGenerations, OutboundEndpoint, outboundDeliveriesCollection } from "@/models/outbound-endpoint";

type Query = { endpointId?: string; status?: OutboundDeliveryView["status"]; limit: number };

/**
 * The newest deliveries of one endpoint, or of all the tenant's endpoints, with their attempts:
 * read from each endpoint's bounded window, never from history.
 */
export async function listOutboundDeliveries(tenantId: string, query: Query): Promise<OutboundDeliveryView[]> {
  const endpoints = await OutboundEndpoint.find({ tenantId }, { _id: 1 }).lean();
  const ids = endpoints.map((e) => String(e._id)).filter((id) => !query.endpointId || id === query.endpointId);
  // The two newest generations hold the window (models/outbound-endpoint.ts).
  const windows = await Promise.all(
    ids.map(async (id) => {
      const generations = (await deliveryWindowGenerations(id)).slice(0, 2);
      const docs = await Promise.all(generations.map((g) => outboundDeliveriesCollection(id, g).find({}).toArray()));
      return docs.flat();
    }),
  );
  return windows
    .flat()
    .filter((doc) => String(doc.tenantId) === tenantId && (!query.status || doc.status === query.status))
    .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())
    .slice(0, query.limit)
    .map((doc) => ({
      id: String(doc._id),
      endpointId: String(doc.endpointId),
      url: String(doc.url),
      eventTypes: doc.eventTypes as string[],
      eventIds: doc.eventIds as string[],
      eventCount: (doc.eventIds as string[]).length,
      status: doc.status as OutboundDeliveryView["status"],
      attempts: (doc.attempts as AttemptView[]).map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
      createdAt: new Date(doc.createdAt).toISOString(),
      updatedAt: new Date(doc.updatedAt).toISOString(),
    }));
}
