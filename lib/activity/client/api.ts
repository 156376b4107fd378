import type { ActivityView } from "@/lib/activity/to-activity-view";

// The browser's side of GET /api/activity (docs/activity.md). Every call names the tenant the page
// shows, so a tenant switch in another tab never makes this tab read another tenant's log.

export type ActivityPage = { entries: ActivityView[]; nextCursor: string | null };

export type ActivityQuery = { kind?: string; actor?: string; from?: string; to?: string; cursor?: string | null; limit?: number };

export async function fetchActivity(tenantId: string, query: ActivityQuery, signal?: AbortSignal): Promise<ActivityPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  const response = await fetch(`/api/activity?${params}`, {
    headers: { "x-tenant-id": tenantId },
    credentials: "same-origin",
    cache: "no-store",
    signal,
  });
  const body = (await response.json().catch(() => null)) as
    | ({ error?: string; details?: Array<{ path: string; message: string }> } & ActivityPage)
    | null;
  if (!response.ok || !body) {
    const detail = body?.details?.map((d) => `${d.path} ${d.message}`).join("; ");
    throw new Error(
      detail ? `${body?.error ?? "Request failed"}: ${detail}` : (body?.error ?? `Request failed (${response.status})`),
    );
  }
  return body;
}
