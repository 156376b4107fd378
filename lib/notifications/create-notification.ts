import type { NotificationPriority, NotificationType } from "@/lib/notifications/schemas";
import { type NotificationView, toNotificationView } from "@/lib/notifications/to-notification-view";
import type { AppendOptions } from "@/lib/storage/ports/notifications";
import { getStorage } from "@/lib/storage/registry";

export type NewNotification = {
  title: string;
  message: string;
  type?: NotificationType;
  priority?: NotificationPriority;
  actionUrl?: string | null;
  actionText?: string | null;
  /** Only this member sees it (their own feed); otherwise everyone in the tenant. */
  userId?: string | null;
  metadata?: Record<string, unknown>;
};

export type CreatedNotification = {
  created: boolean;
  notification: NotificationView;
  /**
   * Settles once the notification is fully stored. With `uniqueCause`, the result may arrive as
   * soon as it holds its place in its feed, before this: push it, then await it.
   */
  durable: Promise<void>;
};

export type CreateOptions = AppendOptions;

/**
 * Appends the notification for `sourceKey` to its feed once: a second call with the same key (a
 * retried or concurrent delivery) returns `created: false` and the original.
 */
export async function createNotification(
  tenantId: string,
  sourceKey: string,
  input: NewNotification,
  options: CreateOptions = {},
): Promise<CreatedNotification> {
  const userId = input.userId ?? null;
  // Every caller's input was validated by its own zod schema (webhook, API) or built by our code.
  const result = await getStorage().notifications.append(
    tenantId,
    sourceKey,
    {
      feed: userId ? "u" : "t",
      userId,
      title: input.title,
      message: input.message,
      type: input.type ?? "info",
      priority: input.priority ?? "medium",
      actionUrl: input.actionUrl ?? null,
      actionText: input.actionText ?? null,
      metadata: input.metadata ?? {},
    },
    options,
  );
  return { created: result.created, notification: toNotificationView(result.notification), durable: result.durable };
}
