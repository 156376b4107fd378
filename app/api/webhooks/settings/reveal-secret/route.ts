import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { revealWebhookSecret } from "@/lib/webhook-settings/reveal-webhook-secret";
import { revealSecretSchema } from "@/lib/webhook-settings/schemas";

export const dynamic = "force-dynamic";

/** The current signing secret, after the owner's or admin's password; rate limited per address like sign-in. */
export const POST = apiRoute(
  { access: "admin", action: "reveal the signing secret", body: revealSecretSchema, rateLimit: "reveal-secret" },
  async ({ tenantId, caller, body }) => {
    const webhookSecret = await revealWebhookSecret(tenantId, caller, body.password);
    return jsonOk({ success: true, webhookSecret }, { headers: { "cache-control": "no-store" } });
  },
);
