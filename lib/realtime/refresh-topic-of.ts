import type { DashboardRefreshPayload } from "@/lib/realtime/events";

export type RefreshTopic = "orders" | "outbound" | "rejections" | "alerts" | "deliveries";

/**
 * What a `dashboard-refresh` is news for: outbound endpoints and their deliveries
 * (lib/outbound/announce-outbound-change.ts), refused inbound deliveries
 * (lib/webhooks/ingest/record-rejection.ts), alerts opened or resolved (lib/alerts/), new delivery
 * counts for the charts (lib/insights/announce-delivery-counts.ts), or orders and payments
 * (everything else). Each view
 * refetches on its own topic only.
 */
export function refreshTopicOf(payload: DashboardRefreshPayload): RefreshTopic {
  if (payload.reason.startsWith("outbound.")) return "outbound";
  if (payload.reason === "inbound.delivery.rejected") return "rejections";
  if (payload.reason.startsWith("alert.")) return "alerts";
  if (payload.reason === "deliveries.counted") return "deliveries";
  return "orders";
}
