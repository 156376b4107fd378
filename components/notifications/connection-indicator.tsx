"use client";

import { useCenterSnapshot } from "@/components/notifications/notification-provider";
import type { ConnectionStatus } from "@/lib/realtime/client/notification-center";

const looks: Record<ConnectionStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting…", dot: "bg-slate-400" },
  connected: { label: "Live", dot: "bg-emerald-500" },
  reconnecting: { label: "Reconnecting…", dot: "bg-amber-500 animate-pulse" },
  offline: { label: "Offline", dot: "bg-red-500" },
};

const clock = (at: number) =>
  new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/**
 * Whether what the bell shows is live (the label is spoken by screen readers when it changes) and,
 * once it is not, when the server was last heard from: what the tab shows may be that old.
 */
export function ConnectionIndicator() {
  const { status, lastHeardAt } = useCenterSnapshot();
  const { label, dot } = looks[status];
  const stale = status !== "connected" && lastHeardAt !== null;
  return (
    <div className="flex items-center">
      <div
        role="status"
        data-status={status}
        title={`Live updates: ${label}${stale ? ` (last heard from the server at ${clock(lastHeardAt)})` : ""}`}
        className="flex items-center gap-1.5 rounded-full px-2 py-1 text-xs font-medium text-slate-600"
      >
        <span aria-hidden className={`size-2 rounded-full ${dot}`} />
        <span className="sr-only">Live updates: </span>
        <span className="sr-only sm:not-sr-only">{label}</span>
      </div>
      {stale ? (
        <span data-testid="last-heard" className="hidden text-xs text-slate-600 md:inline">
          last heard {clock(lastHeardAt)}
        </span>
      ) : null}
    </div>
  );
}
