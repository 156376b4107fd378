import { Types } from "mongoose";
import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { sealSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { announceOutboundChange } from "@/lib/outbound/announce-outbound-change";
import { forgetEndpoints } from "@/lib/outbound/endpoint-cache";
import type { CreateEndpointInput, EndpointView } from "@/lib/outbound/schemas";
import { sealEndpointHeaders } from "@/lib/outbound/seal-endpoint-headers";
import { toEndpointView } from "@/lib/outbound/to-endpoint-view";
import { generateWebhookSecret } from "@/lib/tenants/generate-webhook-secret";
import { OutboundEndpoint } from "@/models/outbound-endpoint";

const MAX_ENDPOINTS = 20;

/** Adds an endpoint with its own `whsec_` secret, returned in clear this once. */
export async function createEndpoint(
  tenantId: string,
  input: CreateEndpointInput,
  actor: ActivityEntry["actor"],
): Promise<{ endpoint: EndpointView; secret: string }> {
  if ((await OutboundEndpoint.countDocuments({ tenantId })) >= MAX_ENDPOINTS) {
    throw new AppError("conflict", `A tenant can have at most ${MAX_ENDPOINTS} endpoints`);
  }
  const id = new Types.ObjectId();
  const secret = generateWebhookSecret();
  const doc = await OutboundEndpoint.create({
    _id: id,
    tenantId,
    url: input.url,
    description: input.description,
    eventTypes: input.eventTypes,
    headersSealed: sealEndpointHeaders(String(id), input.headers),
    enabled: input.enabled,
    disabledReason: input.enabled ? null : "manual",
    disabledAt: input.enabled ? null : new Date(),
    batchMaxEvents: input.batch?.maxEvents ?? null,
    batchMaxWaitMs: input.batch?.maxWaitMs ?? null,
    secretSealed: sealSecret(secret, getEnv().APP_SECRET, String(id)),
  });
  forgetEndpoints(tenantId);
  const endpoint = toEndpointView(doc.toObject(), null);
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
