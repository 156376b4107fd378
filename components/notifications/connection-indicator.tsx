"use client";

import { useCenterSnapshot } from "@/components/notifications/notification-provider";
import type { ConnectionStatus } from "@/lib/realtime/client/notification-center";

const looks: Record<ConnectionStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting…", dot: "bg-slate-400" },
  connected: { label: "Live", dot: "bg-emerald-500" },
  reconnecting: { label: "Reconnecting…", dot: "bg-amber-500 animate-pulse" },
  offline: { label: "Offline", dot: "bg-red-500" },
};

/** Whether what the bell shows is live; the label is spoken by screen readers when it changes. */
export function ConnectionIndicator() {
  const { status } = useCenterSnapshot();
  const { label, dot } = looks[status];
  return (
    <div
      role="status"
      data-status={status}
      title={`Live updates: ${label}`}
      className="flex items-center gap-1.5 rounded-full px-2 py-1 text-xs font-medium text-slate-600"
    >
      <span aria-hidden className={`size-2 rounded-full ${dot}`} />
      <span className="sr-only">Live updates: </span>
      <span className="sr-only sm:not-sr-only">{label}</span>
    </div>
  );
}
