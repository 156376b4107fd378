import type { DashboardView } from "@/lib/dashboard/schemas";

/** The dashboard for the tenant the page shows, with "today" in the browser's time zone. */
export async function fetchDashboard(tenantId: string, signal?: AbortSignal): Promise<DashboardView> {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const response = await fetch(`/api/dashboard?tz=${encodeURIComponent(tz)}`, {
    headers: { "x-tenant-id": tenantId },
    signal,
    cache: "no-store",
  });
  const body = (await response.json().catch(() => ({}))) as DashboardView & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `Could not load the dashboard (${response.status})`);
  return body;
}
