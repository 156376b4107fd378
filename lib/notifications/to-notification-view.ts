import { positionOf } from "@/lib/notifications/feed";
import type { NotificationPayload } from "@/lib/realtime/events";
import type { NotificationRecord } from "@/lib/storage/ports/notifications";

export type NotificationView = NotificationPayload & {
  userId: string | null;
  metadata: Record<string, unknown>;
  isRead: boolean;
  isDismissed: boolean;
  /** Present while the viewer has it snoozed: out of their inbox and count until then. */
  snoozedUntil?: string;
};

/** The API and socket shape of a stored notification, with the viewer's read state. */
export function toNotificationView(
  record: NotificationRecord,
  state: { isRead: boolean; isDismissed: boolean; snoozedUntil?: number | null } = { isRead: false, isDismissed: false },
): NotificationView {
  return {
    id: record.id,
    tenantId: record.tenantId,
    position: positionOf(record.feed, record.seq),
    title: record.title,
    message: record.message,
    type: record.type,
    priority: record.priority,
    actionUrl: record.actionUrl,
    actionText: record.actionText,
    userId: record.userId,
    metadata: record.metadata,
    createdAt: record.createdAt.toISOString(),
    isRead: state.isRead,
    isDismissed: state.isDismissed,
    ...(state.snoozedUntil ? { snoozedUntil: new Date(state.snoozedUntil).toISOString() } : {}),
  };
}
