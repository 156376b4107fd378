import type { NotificationPreferences } from "@/lib/notifications/schemas";
import { emitToUser } from "@/lib/realtime/emit";
import { getStorage } from "@/lib/storage/registry";

/** Saves the member's notification preferences; every open tab of theirs applies them at once. */
export async function savePreferences(
  tenantId: string,
  userId: string,
  preferences: NotificationPreferences,
): Promise<NotificationPreferences> {
  await getStorage().memberPreferences.save(tenantId, userId, preferences);
  emitToUser(userId, "notification-preferences-updated", { tenantId, preferences });
  return preferences;
}
