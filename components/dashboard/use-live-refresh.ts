"use client";

import { useEffect, useRef } from "react";
import { useNotificationCenter } from "@/components/notifications/notification-provider";
import type { DashboardRefreshPayload } from "@/lib/realtime/events";

// A burst of webhooks (a storefront's checkout sends an order and its payment together) becomes
// one refetch, not one per event.
const COALESCE_MS = 150;

/**
 * Calls `refresh` when the tenant's orders or payments change (`dashboard-refresh`, optionally
 * filtered) and after the socket rejoins from a drop, when a refresh may have been missed.
 */
export function useLiveRefresh(refresh: () => void, accept: (payload: DashboardRefreshPayload) => boolean = () => true) {
  const center = useNotificationCenter();
  const latest = useRef({ refresh, accept });
  latest.current = { refresh, accept };

  useEffect(() => {
    if (!center) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = null;
        latest.current.refresh();
      }, COALESCE_MS);
    };
    const stop = center.onEvent((event) => {
      if (event.kind === "rejoined" || (event.kind === "dashboard-refresh" && latest.current.accept(event.payload))) schedule();
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [center]);
}
