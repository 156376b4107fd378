import { positionOf } from "@/lib/notifications/feed";
import { findNotification } from "@/lib/notifications/find-notification";
import {
  applyChange,
  isDismissedIn,
  isReadIn,
  nextWakeOf,
  snoozedUntilIn,
  unreadCountOf,
  wakeIso,
} from "@/lib/notifications/read-state";
import type { UpdateNotificationInput } from "@/lib/notifications/schemas";
import { type NotificationView, toNotificationView } from "@/lib/notifications/to-notification-view";
import { updateReadState } from "@/lib/notifications/update-read-state";
import { emitToUser } from "@/lib/realtime/emit";
import type { NotificationRecord } from "@/lib/storage/ports/notifications";

/** Marks one notification read/unread, dismissed/restored and/or snoozed/woken for one member; every tab of theirs hears it. */
export async function setNotificationState(
  tenantId: string,
  viewer: string,
  id: string,
  change: UpdateNotificationInput,
): Promise<{ notification: NotificationView; unreadCount: number; readVersion: number; nextWakeAt: string | null }> {
  let entry: NotificationRecord | undefined;
  const { after, inbox } = await updateReadState(tenantId, viewer, async (state, current) => {
    entry ??= await findNotification(tenantId, viewer, id, current);
    const { snoozedUntil, ...rest } = change;
    return applyChange(state, positionOf(entry.feed, entry.seq), {
      ...rest,
      ...(snoozedUntil === undefined ? {} : { snoozedUntil: snoozedUntil === null ? null : Date.parse(snoozedUntil) }),
    });
  });
  const found = entry as NotificationRecord;
  const position = positionOf(found.feed, found.seq);
  const unreadCount = unreadCountOf(after, inbox.heads, inbox.holes);
  const notification = toNotificationView(found, {
    isRead: isReadIn(after, position),
    isDismissed: isDismissedIn(after, position),
    snoozedUntil: snoozedUntilIn(after, position),
  });
  emitToUser(viewer, "notification-updated", {
    id: notification.id,
    tenantId,
    isRead: notification.isRead,
    isDismissed: notification.isDismissed,
    ...(notification.snoozedUntil ? { snoozedUntil: notification.snoozedUntil } : {}),
    unreadCount,
    readVersion: after.version,
    nextWakeAt: wakeIso(nextWakeOf(after)),
  });
  return { notification, unreadCount, readVersion: after.version, nextWakeAt: wakeIso(nextWakeOf(after)) };
}
