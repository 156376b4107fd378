import { toast } from "sonner";
import { safeActionUrl } from "@/lib/notifications/client/action-url";
import type { NotificationItem } from "@/lib/notifications/client/api";
import type { NotificationCenter } from "@/lib/realtime/client/notification-center";
import { createToastLeader } from "@/lib/realtime/client/toast-leader";

function toastOne(notification: NotificationItem) {
  const action = safeActionUrl(notification.actionUrl);
  toast[notification.type](notification.title, {
    // Sonner replaces a toast with the same id instead of stacking a second one.
    id: `notification-${notification.id}`,
    description: notification.message,
    duration: notification.priority === "urgent" ? Number.POSITIVE_INFINITY : 6_000,
    action: action
      ? {
          label: notification.actionText ?? "Open",
          onClick: () => window.location.assign(action.href),
        }
      : undefined,
  });
}

/** Toasts live notifications (in the leading tab only) and sums up a catch-up in one toast. */
export function showNotificationToasts(center: NotificationCenter): () => void {
  const leader = createToastLeader();
  const toasted = new Set<string>();
  const stop = center.onEvent((event) => {
    if (!leader.isLeader()) return;
    if (event.kind === "live") {
      if (toasted.has(event.notification.id)) return;
      toasted.add(event.notification.id);
      toastOne(event.notification);
    } else if (event.kind === "caught-up") {
      // A backlog is not news one by one: one line, and the urgent ones still stand out in the bell.
      const count = event.notifications.length;
      toast.info(`${count} new notification${count === 1 ? "" : "s"} while you were away`, {
        id: "notifications-caught-up",
        description: "Open the bell to see them.",
      });
    }
  });
  return () => {
    stop();
    leader.stop();
  };
}
