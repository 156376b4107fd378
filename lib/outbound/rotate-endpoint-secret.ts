import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { sealSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { forgetDeliveryConfig } from "@/lib/outbound/delivery-config";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import { getStorage } from "@/lib/storage/registry";
import { generateWebhookSecret } from "@/lib/tenants/generate-webhook-secret";

/** A new signing secret for the endpoint, returned in clear this once; the next attempt signs with it. */
export async function rotateEndpointSecret(
  tenantId: string,
  endpointId: string,
  actor: ActivityEntry["actor"],
): Promise<{ secret: string; rotatedAt: string }> {
  const endpoint = await findEndpoint(tenantId, endpointId);
  const secret = generateWebhookSecret();
  const rotatedAt = new Date();
  const rotated = await getStorage().outbound.updateEndpoint(tenantId, endpoint.id, {
    secretSealed: sealSecret(secret, getEnv().APP_SECRET, endpoint.id),
    secretRotatedAt: rotatedAt,
  });
  if (!rotated) throw notFound("Endpoint not found");
  forgetDeliveryConfig(tenantId, endpoint.id);
  await logActivity(tenantId, {
    kind: "outbound.endpoint.secret_rotated",
    actor,
    summary: `Signing secret rotated for ${endpoint.url}`,
    refs: { endpointId },
  });
  return { secret, rotatedAt: rotatedAt.toISOString() };
}
