import { emitToTenant } from "@/lib/realtime/emit";
import type { DashboardRefreshPayload } from "@/lib/realtime/events";

/**
 * A `dashboard-refresh` that can fire hundreds of times a second (delivery attempts, a flood of
 * refused requests) while a page needs to hear of it a couple of times a second. Per key: the
 * first announcement of a window goes out at once, any later ones in it as one announcement when
 * it ends (the last one's payload), so a page always sees the latest state.
 */
export function createThrottledRefresh(windowMs: number) {
  const windows = new Map<string, { tenantId: string; next: DashboardRefreshPayload | null }>();

  const closeWindow = (key: string): void => {
    const window = windows.get(key);
    if (!window?.next) {
      windows.delete(key);
      return;
    }
    emitToTenant(window.tenantId, "dashboard-refresh", window.next);
    window.next = null;
    // unref: a pending announcement never keeps a process (the CLI's test send) alive.
    setTimeout(closeWindow, windowMs, key).unref();
  };

  return (key: string, payload: DashboardRefreshPayload): void => {
    const window = windows.get(key);
    if (window) {
      window.next = payload;
      return;
    }
    windows.set(key, { tenantId: payload.tenantId, next: null });
    setTimeout(closeWindow, windowMs, key).unref();
    emitToTenant(payload.tenantId, "dashboard-refresh", payload);
  };
}
