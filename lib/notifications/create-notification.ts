import { Types } from "mongoose";
import { insertBatched } from "@/lib/db/insert-batched";
import { isDuplicateKey } from "@/lib/errors-db";
import type { NotificationPayload } from "@/lib/realtime/events";
import { Notification } from "@/models/notification";

export type NewNotification = {
  title: string;
  message: string;
  type?: NotificationPayload["type"];
  priority?: NotificationPayload["priority"];
  actionUrl?: string | null;
  actionText?: string | null;
  userId?: string | null;
  metadata?: Record<string, unknown>;
};

/**
 * Creates the notification for `sourceKey` once: a second call with the same key (a retried
 * or concurrent delivery) returns `created: false` and the original.
 */
export async function createNotification(
  tenantId: string,
  sourceKey: string,
  input: NewNotification,
  // Callers that must quote the id before the write completes (the webhook answer) pass one.
  id: Types.ObjectId = new Types.ObjectId(),
): Promise<{ created: boolean; notification: NotificationPayload & { userId: string | null } }> {
  try {
    const doc = { _id: id, tenantId, sourceKey, ...input, createdAt: new Date() };
    await insertBatched(Notification, doc);
    return { created: true, notification: toPayload({ ...doc, tenantId }) };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await Notification.findOne({ tenantId, sourceKey }).lean();
    if (!existing) throw error;
    return { created: false, notification: toPayload(existing) };
  }
}

type StoredNotification = {
  _id: unknown;
  tenantId: unknown;
  title: string;
  message: string;
  type?: string | null;
  priority?: string | null;
  actionUrl?: string | null;
  actionText?: string | null;
  userId?: string | null;
  createdAt?: Date | null;
};

export function toPayload(doc: StoredNotification): NotificationPayload & { userId: string | null } {
  return {
    id: String(doc._id),
    tenantId: String(doc.tenantId),
    title: doc.title,
    message: doc.message,
    type: (doc.type ?? "info") as NotificationPayload["type"],
    priority: (doc.priority ?? "medium") as NotificationPayload["priority"],
    actionUrl: doc.actionUrl ?? null,
    actionText: doc.actionText ?? null,
    userId: doc.userId ?? null,
    createdAt: (doc.createdAt ?? new Date()).toISOString(),
  };
}
