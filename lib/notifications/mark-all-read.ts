import { applyMarkAllRead, unreadCountOf } from "@/lib/notifications/read-state";
import { updateReadState } from "@/lib/notifications/update-read-state";
import { emitToUser } from "@/lib/realtime/emit";

/** Marks everything the member can see as read; returns how many changed and what is left. */
export async function markAllRead(
  tenantId: string,
  viewer: string,
): Promise<{ count: number; unreadCount: number; readVersion: number }> {
  const { before, after, inbox } = await updateReadState(tenantId, viewer, (state, current) =>
    applyMarkAllRead(state, current.heads),
  );
  const unreadCount = unreadCountOf(after, inbox.heads, inbox.holes);
  const count = unreadCountOf(before, inbox.heads, inbox.holes) - unreadCount;
  emitToUser(viewer, "notifications-marked-read", { tenantId, count, unreadCount, readVersion: after.version });
  return { count, unreadCount, readVersion: after.version };
}
