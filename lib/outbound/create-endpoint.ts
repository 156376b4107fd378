import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { sealSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { announceOutboundChange } from "@/lib/outbound/announce-outbound-change";
import { checkEndpointAddress } from "@/lib/outbound/check-endpoint-address";
import { forgetEndpoints } from "@/lib/outbound/endpoint-cache";
import type { CreateEndpointInput, EndpointView } from "@/lib/outbound/schemas";
import { sealEndpointHeaders } from "@/lib/outbound/seal-endpoint-headers";
import { toEndpointView } from "@/lib/outbound/to-endpoint-view";
import { getStorage } from "@/lib/storage/registry";
import { generateWebhookSecret } from "@/lib/tenants/generate-webhook-secret";

const MAX_ENDPOINTS = 20;

/** Adds an endpoint with its own `whsec_` secret, returned in clear this once. */
export async function createEndpoint(
  tenantId: string,
  input: CreateEndpointInput,
  actor: ActivityEntry["actor"],
): Promise<{ endpoint: EndpointView; secret: string }> {
  const storage = getStorage().outbound;
  await checkEndpointAddress(input.url);
  // A check, then an insert: two requests at the same moment may pass it together; the limit
  // bounds the per-tenant list, not a security boundary.
  if ((await storage.countEndpoints(tenantId)) >= MAX_ENDPOINTS) {
    throw new AppError("conflict", `A tenant can have at most ${MAX_ENDPOINTS} endpoints`);
  }
  const secret = generateWebhookSecret();
  const stored = await storage.createEndpoint(tenantId, (id) => ({
    url: input.url,
    description: input.description,
    eventTypes: input.eventTypes,
    headersSealed: sealEndpointHeaders(id, input.headers),
    enabled: input.enabled,
    disabledReason: input.enabled ? null : "manual",
    disabledAt: input.enabled ? null : new Date(),
    batch: input.batch ?? null,
    secretSealed: sealSecret(secret, getEnv().APP_SECRET, id),
  }));
  if (!stored) throw new AppError("not_found", "Tenant not found");
  forgetEndpoints(tenantId);
  const endpoint = toEndpointView(stored, null);
  announceOutboundChange(tenantId, endpoint.id, "outbound.endpoint.created");
  await logActivity(tenantId, {
    kind: "outbound.endpoint.created",
    actor,
    summary: `Outbound endpoint added: ${input.url}`,
    refs: { endpointId: endpoint.id },
    after: {
      url: endpoint.url,
      description: endpoint.description,
      eventTypes: endpoint.eventTypes,
      batch: endpoint.batch,
      headerNames: Object.keys(endpoint.headers),
      enabled: endpoint.enabled,
    },
  });
  return { endpoint, secret };
}
