"use client";

import { useLiveRefresh } from "@/components/dashboard/use-live-refresh";
import { refreshTopicOf } from "@/lib/realtime/refresh-topic-of";

// Announcements come per endpoint (every change, and delivery attempts up to twice a second each):
// whatever arrives within this window of the first is one refetch.
const COALESCE_MS = 400;

/**
 * Calls `refresh` when the tenant's outbound endpoints change (or only `endpointId`'s): added,
 * changed, removed, disabled by their failures, or a delivery attempt finished; and after a rejoin.
 */
export function useOutboundRefresh(refresh: () => void, endpointId?: string) {
  useLiveRefresh(
    refresh,
    (payload) => refreshTopicOf(payload) === "outbound" && (endpointId === undefined || payload.ids?.endpointId === endpointId),
    COALESCE_MS,
  );
}
