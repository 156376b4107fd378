"use client";

import { useEffect, useRef } from "react";
import { useNotificationCenter } from "@/components/notifications/notification-provider";
import type { DashboardRefreshPayload } from "@/lib/realtime/events";
import { refreshTopicOf } from "@/lib/realtime/refresh-topic-of";

// A burst of webhooks (a storefront's checkout sends an order and its payment together) becomes
// one refetch, not one per event.
const COALESCE_MS = 150;

// Outbound delivery attempts and refused requests are announced too: no news for orders and payments.
const ordersAndPayments = (payload: DashboardRefreshPayload) => refreshTopicOf(payload) === "orders";

/**
 * Calls `refresh` when the tenant's orders or payments change (`dashboard-refresh`, optionally
 * filtered) and after the socket rejoins from a drop, when a refresh may have been missed. Every
 * `dashboard-refresh` accepted within `coalesceMs` of the first one becomes the same single refresh.
 */
export function useLiveRefresh(
  refresh: () => void,
  accept: (payload: DashboardRefreshPayload) => boolean = ordersAndPayments,
  coalesceMs = COALESCE_MS,
) {
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
      }, coalesceMs);
    };
    const stop = center.onEvent((event) => {
      if (event.kind === "rejoined" || (event.kind === "dashboard-refresh" && latest.current.accept(event.payload))) schedule();
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [center, coalesceMs]);
}
