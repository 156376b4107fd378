import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { rotateWebhookSecret } from "@/lib/tenants/rotate-webhook-secret";

/**
 * A new signing secret for the tenant, returned once; the previous one keeps verifying for the
 * grace period. The activity log records who rotated it and until when the old one works — never a secret.
 */
export async function generateTenantWebhookSecret(
  tenantId: string,
  actor: ActivityEntry["actor"],
  graceMs?: number,
): Promise<{ webhookSecret: string; previousSecretValidUntil: Date }> {
  const result = await rotateWebhookSecret(tenantId, { graceMs });
  await logActivity(tenantId, {
    kind: "settings.webhooks.secret_rotated",
    actor,
    summary: "Webhook signing secret rotated",
    refs: {},
    after: { previousSecretValidUntil: result.previousSecretValidUntil.toISOString() },
  });
  return result;
}
