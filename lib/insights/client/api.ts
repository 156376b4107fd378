import { callApi } from "@/lib/http/call-api";
import type { DeliveryInsights, InsightRange, OrderInsights } from "@/lib/insights/schemas";

const viewerTz = () => encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");

/** The order charts for the tenant the page shows; "today" in the browser's zone when the store has none. */
export function fetchOrderInsights(tenantId: string, range: InsightRange, signal?: AbortSignal): Promise<OrderInsights> {
  return callApi<OrderInsights>(tenantId, `/api/insights/orders?range=${range}&tz=${viewerTz()}`, {
    signal,
    cache: "no-store",
  });
}

/** The deliveries charts for the tenant the page shows, in the same zone as the order charts. */
export function fetchDeliveryInsights(tenantId: string, range: InsightRange, signal?: AbortSignal): Promise<DeliveryInsights> {
  return callApi<DeliveryInsights>(tenantId, `/api/insights/deliveries?range=${range}&tz=${viewerTz()}`, {
    signal,
    cache: "no-store",
  });
}
