import { notFound } from "@/lib/errors";
import { objectIdSchema } from "@/lib/outbound/schemas";
import { OutboundEndpoint } from "@/models/outbound-endpoint";

/** The tenant's endpoint by id (an exact `_id` read); another tenant's answers 404 like a missing one. */
export async function findEndpoint(tenantId: string, endpointId: string) {
  if (!objectIdSchema.safeParse(endpointId).success) throw notFound("Endpoint not found");
  const doc = await OutboundEndpoint.findById(endpointId).lean();
  if (!doc || String(doc.tenantId) !== tenantId) throw notFound("Endpoint not found");
  return doc;
}
