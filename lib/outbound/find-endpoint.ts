import { notFound } from "@/lib/errors";
import { getStorage } from "@/lib/storage/registry";

/** The tenant's endpoint by id; another tenant's answers 404 like a missing one. */
export async function findEndpoint(tenantId: string, endpointId: string) {
  const endpoint = await getStorage().outbound.findEndpoint(tenantId, endpointId);
  if (!endpoint) throw notFound("Endpoint not found");
  return endpoint;
}
