import { emitToTenant } from "@/lib/realtime/emit";

/** The `dashboard-refresh` reasons of outbound forwarding; open Settings → Webhooks pages refetch their endpoints on them. */
export type OutboundChange =
  | "outbound.endpoint.created"
  | "outbound.endpoint.updated"
  | "outbound.endpoint.removed"
  | "outbound.endpoint.disabled"
  | "outbound.delivery.attempted";

// Attempts can finish hundreds of times a second per endpoint; a page needs to hear of them only a
// couple of times a second. Per endpoint: the first attempt of a window is announced at once, any
// later ones in it as one announcement when it ends, so the page always sees the last attempt.
const ATTEMPT_WINDOW_MS = 500;
const attemptWindows = new Map<string, { tenantId: string; more: boolean }>();

function closeWindow(endpointId: string): void {
  const window = attemptWindows.get(endpointId);
  if (!window?.more) {
    attemptWindows.delete(endpointId);
    return;
  }
  window.more = false;
  emitToTenant(window.tenantId, "dashboard-refresh", {
    tenantId: window.tenantId,
    reason: "outbound.delivery.attempted",
    ids: { endpointId },
  });
  // unref: a pending announcement never keeps a process (the CLI's test send) alive.
  setTimeout(closeWindow, ATTEMPT_WINDOW_MS, endpointId).unref();
}

/**
 * Tells the tenant's room that one of its endpoints changed (configuration, state, or a finished
 * delivery attempt). Cheap enough for the delivery hot path: attempts cost a map look-up, and at
 * most one emit per endpoint per window.
 */
export function announceOutboundChange(tenantId: string, endpointId: string, change: OutboundChange): void {
  if (change === "outbound.delivery.attempted") {
    const window = attemptWindows.get(endpointId);
    if (window) {
      window.more = true;
      return;
    }
    attemptWindows.set(endpointId, { tenantId, more: false });
    setTimeout(closeWindow, ATTEMPT_WINDOW_MS, endpointId).unref();
  }
  emitToTenant(tenantId, "dashboard-refresh", { tenantId, reason: change, ids: { endpointId } });
}
