import { openSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { getStorage } from "@/lib/storage/registry";

/** The tenant's current signing secret in clear, for the operator's CLI and the demo. */
export async function getWebhookSecret(tenantId: string): Promise<string> {
  const tenant = await getStorage().tenantSettings.get(tenantId);
  if (!tenant) throw notFound("Tenant not found");
  return openSecret(tenant.webhookSecretSealed, getEnv().APP_SECRET, tenantId);
}
