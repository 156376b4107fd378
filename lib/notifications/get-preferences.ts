import { defaultNotificationPreferences, type NotificationPreferences } from "@/lib/notifications/schemas";
import { getStorage } from "@/lib/storage/registry";

/**
 * The member's notification preferences in the tenant: what they saved, over the defaults key by
 * key, so a type or priority added after they saved behaves as the defaults say.
 */
export async function getPreferences(tenantId: string, userId: string): Promise<NotificationPreferences> {
  const saved = await getStorage().memberPreferences.find(tenantId, userId);
  const defaults = defaultNotificationPreferences;
  return {
    toast: { ...defaults.toast, ...saved?.toast },
    sticky: { ...defaults.sticky, ...saved?.sticky },
    sound: saved?.sound ?? defaults.sound,
  };
}
