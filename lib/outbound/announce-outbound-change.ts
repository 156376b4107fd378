import { createThrottledRefresh } from "@/lib/realtime/create-throttled-refresh";
import { emitToTenant } from "@/lib/realtime/emit";

/** The `dashboard-refresh` reasons of outbound forwarding; open Settings → Outbound endpoints pages refetch their endpoints on them. */
export type OutboundChange =
  | "outbound.endpoint.created"
  | "outbound.endpoint.updated"
  | "outbound.endpoint.removed"
  | "outbound.endpoint.disabled"
  | "outbound.delivery.attempted";

// Attempts can finish hundreds of times a second per endpoint; a page needs to hear of them only a
// couple of times a second.
const ATTEMPT_WINDOW_MS = 500;
const announceAttempt = createThrottledRefresh(ATTEMPT_WINDOW_MS);

/**
 * Tells the tenant's room that one of its endpoints changed (configuration, state, or a finished
 * delivery attempt). Cheap enough for the delivery hot path: attempts cost a map look-up, and at
 * most one emit per endpoint per window.
 */
export function announceOutboundChange(tenantId: string, endpointId: string, change: OutboundChange): void {
  const payload = { tenantId, reason: change, ids: { endpointId } };
  if (change === "outbound.delivery.attempted") announceAttempt(endpointId, payload);
  else emitToTenant(tenantId, "dashboard-refresh", payload);
}
