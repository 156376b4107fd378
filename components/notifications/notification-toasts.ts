import { toast } from "sonner";
import { safeActionUrl } from "@/lib/notifications/client/action-url";
import type { NotificationItem } from "@/lib/notifications/client/api";
import type { NotificationPreferences } from "@/lib/notifications/schemas";
import type { NotificationCenter } from "@/lib/realtime/client/notification-center";
import { createToastLeader } from "@/lib/realtime/client/toast-leader";

let audio: AudioContext | null = null;

/** A short two-note chime, made on the spot (no sound file to fetch); silent where audio is blocked. */
function chime() {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.12, 1320],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.08, now + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.25);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(now + offset);
      oscillator.stop(now + offset + 0.3);
    }
  } catch {
    // No audio here (or not yet allowed by the browser): the toast itself still shows.
  }
}

function toastOne(notification: NotificationItem, preferences: NotificationPreferences) {
  // The member chose not to be interrupted by this type: the bell and the inbox still have it.
  if (!preferences.toast[notification.type]) return;
  if (preferences.sound) chime();
  const action = safeActionUrl(notification.actionUrl);
  toast[notification.type](notification.title, {
    // Sonner replaces a toast with the same id instead of stacking a second one.
    id: `notification-${notification.id}`,
    description: notification.message,
    duration: preferences.sticky[notification.priority] ? Number.POSITIVE_INFINITY : 6_000,
    action: action
      ? {
          label: notification.actionText ?? "Open",
          onClick: () => window.location.assign(action.href),
        }
      : undefined,
  });
}

/**
 * Toasts live notifications (in the leading tab only), as the member's preferences say: which
 * types pop up, which priorities stay until closed, sound. A catch-up is summed up in one toast.
 */
export function showNotificationToasts(center: NotificationCenter): () => void {
  const leader = createToastLeader();
  const toasted = new Set<string>();
  const stop = center.onEvent((event) => {
    if (!leader.isLeader()) return;
    if (event.kind === "live") {
      if (toasted.has(event.notification.id)) return;
      toasted.add(event.notification.id);
      toastOne(event.notification, center.preferences);
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
