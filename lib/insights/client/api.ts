import { callApi } from "@/lib/http/call-api";
import type { InsightRange, OrderInsights } from "@/lib/insights/schemas";

/** The order charts for the tenant the page shows; "today" in the browser's zone when the store has none. */
export function fetchOrderInsights(tenantId: string, range: InsightRange, signal?: AbortSignal): Promise<OrderInsights> {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  return callApi<OrderInsights>(tenantId, `/api/insights/orders?range=${range}&tz=${encodeURIComponent(tz)}`, {
    signal,
    cache: "no-store",
  });
}
