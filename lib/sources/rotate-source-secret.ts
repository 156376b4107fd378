import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { sealSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { findSource } from "@/lib/sources/find-source";
import { forgetSource } from "@/lib/sources/source-cache";
import { getStorage } from "@/lib/storage/registry";
import { generateWebhookSecret } from "@/lib/tenants/generate-webhook-secret";

/**
 * Replaces a source's secret with the one pasted (the platform rotated it) or a generated one,
 * returned in clear this once. The previous secret keeps verifying for WEBHOOK_SECRET_GRACE_S,
 * while the platform switches over (Shopify takes up to an hour).
 */
export async function rotateSourceSecret(
  tenantId: string,
  sourceId: string,
  pasted: string | undefined,
  actor: ActivityEntry["actor"],
): Promise<{ secret: string; previousValidUntil: string }> {
  const env = getEnv();
  const source = await findSource(tenantId, sourceId);
  const secret = pasted ?? generateWebhookSecret();
  const now = new Date();
  const previousValidUntil = new Date(now.getTime() + env.WEBHOOK_SECRET_GRACE_S * 1000);
  // Conditional on the secret read, so two rotations at once cannot both win.
  const rotated = await getStorage().sources.rotateSecret(tenantId, source.id, source.secretSealed, {
    secretSealed: sealSecret(secret, env.APP_SECRET, source.id),
    previousSecretSealed: source.secretSealed,
    previousSecretExpiresAt: previousValidUntil,
    secretRotatedAt: now,
  });
  if (!rotated) {
    if (!(await getStorage().sources.find(tenantId, source.id))) throw notFound("Source not found");
    return rotateSourceSecret(tenantId, sourceId, pasted, actor);
  }
  forgetSource(tenantId, source.id);
  await logActivity(tenantId, {
    kind: "source.secret_rotated",
    actor,
    summary: `Secret ${pasted ? "replaced" : "rotated"} for source ${source.name}`,
    refs: { sourceId: source.id },
  });
  return { secret, previousValidUntil: previousValidUntil.toISOString() };
}
