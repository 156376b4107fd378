import { actorOf } from "@/lib/activity/actor-of";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { AppError } from "@/lib/errors";
import { jsonOk, route } from "@/lib/http/json-response";
import { generateTenantWebhookSecret } from "@/lib/webhook-settings/generate-webhook-secret";
import { requireSettingsAdmin } from "@/lib/webhook-settings/require-settings-admin";
import { generateSecretSchema } from "@/lib/webhook-settings/schemas";

export const dynamic = "force-dynamic";

/** Rotates the signing secret. The new one is in this answer only; it is stored sealed. */
export const POST = route(async (request: Request) => {
  const context = await requireTenant(request);
  requireSettingsAdmin(context);
  const text = await request.text();
  const input = generateSecretSchema.parse(text.trim() ? parseBody(text) : {});
  const graceMs = input.graceHours === undefined ? undefined : Math.round(input.graceHours * 3_600_000);
  const { webhookSecret, previousSecretValidUntil } = await generateTenantWebhookSecret(
    context.tenantId,
    actorOf(context.caller),
    graceMs,
  );
  return jsonOk(
    { success: true, webhookSecret, previousSecretValidUntil: previousSecretValidUntil.toISOString() },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Body is not valid JSON");
  }
}
