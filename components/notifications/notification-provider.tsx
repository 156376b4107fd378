"use client";

import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { showNotificationToasts } from "@/components/notifications/notification-toasts";
import { type CenterSnapshot, NotificationCenter } from "@/lib/realtime/client/notification-center";

const CenterContext = createContext<NotificationCenter | null>(null);

const serverSnapshot: CenterSnapshot = { status: "connecting", items: [], unreadCount: null, loadError: null, lastHeardAt: null };

/** One socket and one inbox copy per tab, for the tenant the page shows; a tenant switch starts afresh. */
export function NotificationProvider({ tenantId, children }: { tenantId: string; children: ReactNode }) {
  const [center, setCenter] = useState<NotificationCenter | null>(null);

  useEffect(() => {
    const next = new NotificationCenter(tenantId);
    const stopToasts = showNotificationToasts(next);
    next.start();
    setCenter(next);
    return () => {
      stopToasts();
      next.stop();
    };
  }, [tenantId]);

  return <CenterContext.Provider value={center}>{children}</CenterContext.Provider>;
}

export function useNotificationCenter(): NotificationCenter | null {
  return useContext(CenterContext);
}

const noop = () => () => {};

export function useCenterSnapshot(): CenterSnapshot {
  const center = useNotificationCenter();
  return useSyncExternalStore(center?.subscribe ?? noop, center?.getSnapshot ?? (() => serverSnapshot), () => serverSnapshot);
}
