import { Types } from "mongoose";
import { notFound } from "@/lib/errors";
import type { Inbox } from "@/lib/notifications/read-inbox";
import { notificationIdSchema } from "@/lib/notifications/schemas";
import type { StoredNotification } from "@/lib/notifications/to-notification-view";
import { Notification } from "@/models/notification";

/**
 * One notification the viewer may see: in their tenant, and either for everyone or for them.
 * Anything else — another tenant's, another member's, a malformed id — is the same 404. The
 * inbox window (already read by the caller) answers for recent ones; the archive for the rest.
 */
export async function findNotification(
  tenantId: string,
  viewer: string | null,
  id: string,
  inbox: Inbox,
): Promise<StoredNotification> {
  if (!notificationIdSchema.safeParse(id).success) throw notFound("Notification not found");
  const wanted = id.toLowerCase();
  const recent = [...inbox.entries.t, ...inbox.entries.u].find((entry) => String(entry._id) === wanted);
  const doc =
    recent ?? ((await Notification.collection.findOne({ _id: new Types.ObjectId(id) })) as unknown as StoredNotification | null);
  if (!doc || String(doc.tenantId) !== tenantId) throw notFound("Notification not found");
  if (doc.feed === "u" && doc.userId !== viewer) throw notFound("Notification not found");
  return doc as StoredNotification;
}
