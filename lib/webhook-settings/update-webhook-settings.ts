import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import type { TenantSettingsChange } from "@/lib/storage/ports/tenant-settings";
import { getStorage } from "@/lib/storage/registry";
import { getWebhookSettings, type WebhookSettingsView } from "@/lib/webhook-settings/get-webhook-settings";
import type { WebhookSettings, WebhookSettingsUpdate } from "@/lib/webhook-settings/schemas";
import { forgetWebhookConfig } from "@/lib/webhooks/ingest/forget-webhook-config";

/**
 * Applies a settings change and records it in the activity log with the values before and after
 * (only those that changed). Inbound requests see it at once in this process.
 */
export async function updateWebhookSettings(
  tenantId: string,
  update: WebhookSettingsUpdate,
  actor: ActivityEntry["actor"],
): Promise<WebhookSettingsView> {
  const before = await getWebhookSettings(tenantId);
  // The stored change, and nested objects for the log.
  const set: TenantSettingsChange = {};
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of ["webhookEnabled", "webhookRetryAttempts", "webhookTimeoutMs"] as const) {
    const value = update[key];
    if (value === undefined || value === before[key]) continue;
    Object.assign(set, { [key]: value });
    was[key] = before[key];
    now[key] = value;
  }
  const endpoints = Object.entries(update.webhookEndpoints ?? {}) as Array<
    [keyof WebhookSettings["webhookEndpoints"], boolean | undefined]
  >;
  for (const [kind, value] of endpoints) {
    if (value === undefined || value === before.webhookEndpoints[kind]) continue;
    set.webhookEndpoints = { ...set.webhookEndpoints, [kind]: value };
    was.webhookEndpoints = { ...(was.webhookEndpoints as object), [kind]: before.webhookEndpoints[kind] };
    now.webhookEndpoints = { ...(now.webhookEndpoints as object), [kind]: value };
  }
  const changed = [
    ...Object.keys(set).filter((key) => key !== "webhookEndpoints"),
    ...Object.keys(set.webhookEndpoints ?? {}).map((kind) => `webhookEndpoints.${kind}`),
  ];
  if (changed.length === 0) return before;

  await getStorage().tenantSettings.update(tenantId, set);
  forgetWebhookConfig(tenantId);
  await logActivity(tenantId, {
    kind: "settings.webhooks.updated",
    actor,
    summary: `Webhook settings changed: ${changed.join(", ")}`,
    refs: {},
    before: was,
    after: now,
  });
  return getWebhookSettings(tenantId);
}
