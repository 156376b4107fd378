import type { DashboardRefreshPayload } from "@/lib/realtime/events";

/**
 * A `dashboard-refresh` about outbound endpoints and their deliveries (lib/outbound/announce-outbound-change.ts):
 * what Settings → Webhooks → Outbound endpoints follows, and what views of orders and payments ignore.
 */
export function isOutboundRefresh(payload: DashboardRefreshPayload): boolean {
  return payload.reason.startsWith("outbound.");
}
