import {
  type CreatedNotification,
  type CreateOptions,
  createNotification,
  type NewNotification,
} from "@/lib/notifications/create-notification";
import { emitToTenant, emitToUser } from "@/lib/realtime/emit";

/**
 * Stores the notification for `sourceKey` (once) and, if it is new, pushes it: to the tenant's
 * room, or only to its member's tabs when it is addressed to one member. Resolves once it is
 * fully stored; with `uniqueCause` the push goes out as soon as the inbox holds it.
 */
export async function notify(
  tenantId: string,
  sourceKey: string,
  input: NewNotification,
  options: CreateOptions & { onPushed?: () => void } = {},
): Promise<CreatedNotification> {
  const result = await createNotification(tenantId, sourceKey, input, options);
  if (result.created) {
    const { notification } = result;
    if (notification.userId) emitToUser(notification.userId, "new-notification", notification);
    else emitToTenant(tenantId, "new-notification", notification);
    options.onPushed?.();
  }
  await result.durable;
  return result;
}
