import { actorOf } from "@/lib/activity/actor-of";
import { logActivity } from "@/lib/activity/log-activity";
import type { Caller } from "@/lib/auth/resolve-caller";
import { verifyPassword } from "@/lib/auth/verify-password";
import { forbidden } from "@/lib/errors";
import { getWebhookSecret } from "@/lib/tenants/get-webhook-secret";

/**
 * The tenant's current signing secret, for an owner or admin who has just given their password
 * again (a session left open must not be enough). Logged in the activity log, never the secret.
 */
export async function revealWebhookSecret(tenantId: string, caller: Caller, password: string): Promise<string> {
  if (caller.kind !== "user") throw forbidden("Revealing the signing secret needs a person's password: an API key cannot");
  if (!(await verifyPassword(caller.userId, password))) throw forbidden("That is not your password");
  const secret = await getWebhookSecret(tenantId);
  await logActivity(tenantId, {
    kind: "settings.webhooks.secret_revealed",
    actor: actorOf(caller),
    summary: "Webhook signing secret revealed",
    refs: {},
  });
  return secret;
}
