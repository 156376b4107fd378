import { notFound } from "@/lib/errors";
import type { GeneralSettings } from "@/lib/general-settings/schemas";
import { getStorage } from "@/lib/storage/registry";

/** The store's time zone and currency (null where the store has not chosen). */
export async function getGeneralSettings(tenantId: string): Promise<GeneralSettings> {
  const settings = await getStorage().tenantSettings.get(tenantId);
  if (!settings) throw notFound("Tenant not found");
  return { timeZone: settings.timeZone, currency: settings.currency };
}
