import type { ActivityLogPort } from "@/lib/storage/ports/activity-log";
import type { AlertsPort } from "@/lib/storage/ports/alerts";
import type { DashboardPort } from "@/lib/storage/ports/dashboard";
import type { DeliveryLogPort } from "@/lib/storage/ports/delivery-log";
import type { DeliveryStatsPort } from "@/lib/storage/ports/delivery-stats";
import type { EffectJournalPort } from "@/lib/storage/ports/effect-journal";
import type { MemberPreferencesPort } from "@/lib/storage/ports/member-preferences";
import type { NotificationsPort } from "@/lib/storage/ports/notifications";
import type { OrdersPort } from "@/lib/storage/ports/orders";
import type { OutboundPort } from "@/lib/storage/ports/outbound";
import type { RejectedDeliveriesPort } from "@/lib/storage/ports/rejected-deliveries";
import type { SourcesPort } from "@/lib/storage/ports/sources";
import type { TenantSettingsPort } from "@/lib/storage/ports/tenant-settings";

export type StorageKind = "mongodb" | "embedded";

/**
 * The only door to the database: one port per aggregate, each method taking the tenant id.
 * Domain code (lib/<domain>/) calls these and never imports the driver, a model or an adapter's
 * helpers (docs/architecture.md). Auth's own collections are better-auth's, through its adapter.
 */
export type Storage = {
  kind: StorageKind;
  rejectedDeliveries: RejectedDeliveriesPort;
  tenantSettings: TenantSettingsPort;
  deliveryLog: DeliveryLogPort;
  dashboard: DashboardPort;
  outbound: OutboundPort;
  activityLog: ActivityLogPort;
  orders: OrdersPort;
  notifications: NotificationsPort;
  effectJournal: EffectJournalPort;
  sources: SourcesPort;
  memberPreferences: MemberPreferencesPort;
  alerts: AlertsPort;
  deliveryStats: DeliveryStatsPort;
  /** Starts background upkeep (retention) and stops it on close. */
  close(): Promise<void>;
};
