import type { AlertView } from "@/lib/alerts/schemas";
import { callApi } from "@/lib/http/call-api";

// The browser's side of the alerts API, for the tenant the page shows.

export async function fetchAlerts(tenantId: string, signal?: AbortSignal): Promise<AlertView[]> {
  return (await callApi<{ alerts: AlertView[] }>(tenantId, "/api/alerts", { signal, cache: "no-store" })).alerts;
}

export async function resolveAlertRequest(tenantId: string, alertId: string): Promise<AlertView> {
  const path = `/api/alerts/${encodeURIComponent(alertId)}/resolve`;
  return (await callApi<{ alert: AlertView }>(tenantId, path, { method: "POST" })).alert;
}
