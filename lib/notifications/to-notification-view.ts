import { positionOf } from "@/lib/notifications/feed";
import type { NotificationPriority, NotificationType } from "@/lib/notifications/schemas";
import type { NotificationPayload } from "@/lib/realtime/events";

export type StoredNotification = {
  _id: unknown;
  tenantId: unknown;
  feed: "t" | "u";
  seq: number;
  userId?: string | null;
  title: string;
  message: string;
  type?: string | null;
  priority?: string | null;
  actionUrl?: string | null;
  actionText?: string | null;
  metadata?: Record<string, unknown> | null;
  createdAt?: Date | null;
};

export type NotificationView = NotificationPayload & {
  userId: string | null;
  metadata: Record<string, unknown>;
  isRead: boolean;
  isDismissed: boolean;
};

/** The API and socket shape of a stored notification, with the viewer's read state. */
export function toNotificationView(
  doc: StoredNotification,
  state: { isRead: boolean; isDismissed: boolean } = { isRead: false, isDismissed: false },
): NotificationView {
  return {
    id: String(doc._id),
    tenantId: String(doc.tenantId),
    position: positionOf(doc.feed, doc.seq),
    title: doc.title,
    message: doc.message,
    type: (doc.type ?? "info") as NotificationType,
    priority: (doc.priority ?? "medium") as NotificationPriority,
    actionUrl: doc.actionUrl ?? null,
    actionText: doc.actionText ?? null,
    userId: doc.userId ?? null,
    metadata: doc.metadata ?? {},
    createdAt: (doc.createdAt ?? new Date()).toISOString(),
    isRead: state.isRead,
    isDismissed: state.isDismissed,
  };
}
