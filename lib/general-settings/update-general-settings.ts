import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { getGeneralSettings } from "@/lib/general-settings/get-general-settings";
import type { GeneralSettings } from "@/lib/general-settings/schemas";
import { getStorage } from "@/lib/storage/registry";
import { forgetWebhookConfig } from "@/lib/webhooks/ingest/forget-webhook-config";

/**
 * Changes the store's time zone and/or currency, logged with the values before and after. Inbound
 * orders that state no currency take the new one at once in this process.
 */
export async function updateGeneralSettings(
  tenantId: string,
  update: Partial<GeneralSettings>,
  actor: ActivityEntry["actor"],
): Promise<GeneralSettings> {
  const before = await getGeneralSettings(tenantId);
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of ["timeZone", "currency"] as const) {
    if (update[key] === undefined || update[key] === before[key]) continue;
    was[key] = before[key];
    now[key] = update[key];
  }
  if (Object.keys(now).length === 0) return before;
  await getStorage().tenantSettings.update(tenantId, now as Partial<GeneralSettings>);
  forgetWebhookConfig(tenantId);
  await logActivity(tenantId, {
    kind: "settings.general.updated",
    actor,
    summary: `Store settings changed: ${Object.keys(now).join(", ")}`,
    refs: {},
    before: was,
    after: now,
  });
  return getGeneralSettings(tenantId);
}
