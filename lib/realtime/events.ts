// The Socket.IO contract of SPEC §4, shared by the server, the browser and the tests.
import type { NotificationPreferences } from "@/lib/notifications/schemas";

export type Ack<T extends object = object> = (response: ({ ok: true } & T) | { ok: false; error: string }) => void;

export type NotificationPayload = {
  id: string;
  tenantId: string;
  /** Feed position ("t12", "u3"): what a reconnecting client passes as `after` to catch up. */
  position: string;
  title: string;
  message: string;
  type: "info" | "success" | "warning" | "error";
  priority: "low" | "medium" | "high" | "urgent";
  actionUrl?: string | null;
  actionText?: string | null;
  createdAt: string;
};

export type DashboardRefreshPayload = { tenantId: string; reason: string; ids?: Record<string, string> };

export interface ServerToClientEvents {
  "new-notification": (notification: NotificationPayload) => void;
  "notification-updated": (update: {
    id: string;
    tenantId: string;
    isRead: boolean;
    isDismissed: boolean;
    /** Present while snoozed: out of the member's inbox until then. */
    snoozedUntil?: string;
    unreadCount: number;
    /** The member's read-state version the count reflects: a count with a lower one is stale. */
    readVersion: number;
    /** When the member's first snoozed notification wakes (ISO), or null. */
    nextWakeAt: string | null;
  }) => void;
  "notifications-marked-read": (update: { tenantId: string; count: number; unreadCount: number; readVersion: number }) => void;
  "dashboard-refresh": (payload: DashboardRefreshPayload) => void;
  "notification-preferences-updated": (update: { tenantId: string; preferences: NotificationPreferences }) => void;
}

export interface ClientToServerEvents {
  "join-tenant": (tenantId: string, ack?: Ack<{ tenantId: string }>) => void;
  "leave-tenant": (tenantId: string, ack?: Ack) => void;
  "notification-received": (notificationId: string) => void;
}

export type SocketIdentity =
  | { kind: "user"; userId: string; email: string }
  | { kind: "apiKey"; keyId: string; tenantId: string };

export interface SocketData {
  identity: SocketIdentity;
}
