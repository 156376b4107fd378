import type { NotificationPreferences, NotificationPriority, NotificationType } from "@/lib/notifications/schemas";
import type { NotificationView } from "@/lib/notifications/to-notification-view";

// The browser's side of docs/notifications.md. Every call names the tenant the page shows, so a
// tenant switch in another tab can never make this tab read or change the wrong inbox.

export type NotificationItem = Omit<NotificationView, "userId" | "metadata"> & Partial<Pick<NotificationView, "userId">>;

export type NotificationPage = {
  notifications: NotificationItem[];
  unreadCount: number;
  readVersion: number;
  nextWakeAt: string | null;
  nextCursor: string | null;
};

export type ListQuery = {
  limit?: number;
  includeRead?: boolean;
  includeDismissed?: boolean;
  onlyDismissed?: boolean;
  onlySnoozed?: boolean;
  type?: NotificationType[];
  priority?: NotificationPriority[];
  cursor?: string | null;
  after?: string | null;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(tenantId: string, path: string, init: RequestInit = {}, signal?: AbortSignal): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set("x-tenant-id", tenantId);
  if (init.body) headers.set("content-type", "application/json");
  const response = await fetch(path, { ...init, headers, signal, credentials: "same-origin", cache: "no-store" });
  const body = (await response.json().catch(() => null)) as ({ error?: string } & T) | null;
  if (!response.ok || !body) throw new ApiError(response.status, body?.error ?? `Request failed (${response.status})`);
  return body;
}

export function listNotifications(tenantId: string, query: ListQuery, signal?: AbortSignal): Promise<NotificationPage> {
  const params = new URLSearchParams();
  if (query.limit) params.set("limit", String(query.limit));
  if (query.includeRead !== undefined) params.set("includeRead", String(query.includeRead));
  if (query.includeDismissed !== undefined) params.set("includeDismissed", String(query.includeDismissed));
  if (query.onlyDismissed) params.set("onlyDismissed", "true");
  if (query.onlySnoozed) params.set("onlySnoozed", "true");
  if (query.type?.length) params.set("type", query.type.join(","));
  if (query.priority?.length) params.set("priority", query.priority.join(","));
  if (query.cursor) params.set("cursor", query.cursor);
  if (query.after) params.set("after", query.after);
  return call(tenantId, `/api/notifications?${params}`, {}, signal);
}

export type NotificationChange = { isRead?: boolean; isDismissed?: boolean; snoozedUntil?: string | null };

export function updateNotification(tenantId: string, id: string, change: NotificationChange) {
  return call<{ notification: NotificationItem; unreadCount: number; readVersion: number; nextWakeAt: string | null }>(
    tenantId,
    `/api/notifications/${encodeURIComponent(id)}`,
    {
      method: "PATCH",
      body: JSON.stringify(change),
    },
  );
}

export function markAllRead(tenantId: string) {
  return call<{ count: number; unreadCount: number; readVersion: number }>(tenantId, "/api/notifications/mark-all-read", {
    method: "POST",
  });
}

export function getPreferences(tenantId: string) {
  return call<{ preferences: NotificationPreferences }>(tenantId, "/api/notifications/preferences");
}

export function savePreferences(tenantId: string, preferences: NotificationPreferences) {
  return call<{ preferences: NotificationPreferences }>(tenantId, "/api/notifications/preferences", {
    method: "PUT",
    body: JSON.stringify(preferences),
  });
}
