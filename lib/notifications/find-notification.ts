import { notFound } from "@/lib/errors";
import type { Inbox } from "@/lib/notifications/read-inbox";
import { notificationIdSchema } from "@/lib/notifications/schemas";
import type { NotificationRecord } from "@/lib/storage/ports/notifications";
import { getStorage } from "@/lib/storage/registry";

/**
 * One notification the viewer may see: in their tenant, and either for everyone or for them.
 * Anything else — another tenant's, another member's, a malformed id — is the same 404. The
 * inbox (already read by the caller) answers for recent ones; the storage for the rest.
 */
export async function findNotification(
  tenantId: string,
  viewer: string | null,
  id: string,
  inbox: Inbox,
): Promise<NotificationRecord> {
  if (!notificationIdSchema.safeParse(id).success) throw notFound("Notification not found");
  const wanted = id.toLowerCase();
  const recent = [...inbox.entries.t, ...inbox.entries.u].find((entry) => entry.id === wanted);
  const record = recent ?? (await getStorage().notifications.find(tenantId, id));
  if (!record || record.tenantId !== tenantId) throw notFound("Notification not found");
  if (record.feed === "u" && record.userId !== viewer) throw notFound("Notification not found");
  return record;
}
