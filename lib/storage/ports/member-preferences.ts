import type { NotificationPreferences } from "@/lib/notifications/schemas";

// A member's own choices in one tenant (docs/notifications.md "Preferences"): which notifications
// pop up as toasts, which stay until closed, and sound. One small document per member and tenant.

export interface MemberPreferencesPort {
  /** The member's saved preferences in the tenant, or null when they never saved any. */
  find(tenantId: string, userId: string): Promise<NotificationPreferences | null>;
  /** Replaces them. */
  save(tenantId: string, userId: string, preferences: NotificationPreferences): Promise<void>;
}
