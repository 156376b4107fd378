import { actorOf } from "@/lib/activity/actor-of";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { generateTenantWebhookSecret } from "@/lib/webhook-settings/generate-webhook-secret";
import { generateSecretSchema } from "@/lib/webhook-settings/schemas";

export const dynamic = "force-dynamic";

/** Rotates the signing secret. The new one is in this answer only; it is stored sealed. */
export const POST = apiRoute(
  { access: "admin", action: "change webhook settings", body: generateSecretSchema, bodyOptional: true },
  async ({ tenantId, caller, body }) => {
    const graceMs = body.graceHours === undefined ? undefined : Math.round(body.graceHours * 3_600_000);
    const { webhookSecret, previousSecretValidUntil } = await generateTenantWebhookSecret(tenantId, actorOf(caller), graceMs);
    return jsonOk(
      { success: true, webhookSecret, previousSecretValidUntil: previousSecretValidUntil.toISOString() },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  },
);
