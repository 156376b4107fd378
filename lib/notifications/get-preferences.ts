import { defaultNotificationPreferences, type NotificationPreferences } from "@/lib/notifications/schemas";
import { getStorage } from "@/lib/storage/registry";

/** The member's notification preferences in the tenant, or the defaults until they save some. */
export async function getPreferences(tenantId: string, userId: string): Promise<NotificationPreferences> {
  return (await getStorage().memberPreferences.find(tenantId, userId)) ?? defaultNotificationPreferences;
}
