import type { AcceptedDeliveryView } from "@/lib/deliveries/list-accepted-deliveries";
import { callApi as call } from "@/lib/http/call-api";
import type { SourceView } from "@/lib/sources/schemas";

// The Sources page's side of docs/sources.md#api. Every call names the tenant the page shows.

export const listSources = (tenantId: string) => call<{ sources: SourceView[]; canEdit: boolean }>(tenantId, "/api/sources");

export const createSource = (tenantId: string, input: Record<string, unknown>) =>
  call<{ source: SourceView; secret: string }>(tenantId, "/api/sources", { method: "POST", body: JSON.stringify(input) });

export const updateSource = (tenantId: string, id: string, change: Record<string, unknown>) =>
  call<{ source: SourceView }>(tenantId, `/api/sources/${id}`, { method: "PATCH", body: JSON.stringify(change) });

export const removeSource = (tenantId: string, id: string) =>
  call<{ success: true }>(tenantId, `/api/sources/${id}`, { method: "DELETE" });

export const rotateSourceSecret = (tenantId: string, id: string, secret?: string) =>
  call<{ secret: string; previousValidUntil: string }>(tenantId, `/api/sources/${id}/rotate-secret`, {
    method: "POST",
    body: JSON.stringify(secret ? { secret } : {}),
  });

export const sendSourceSample = (tenantId: string, id: string) =>
  call<{ topic: string; status: number; response: Record<string, unknown> }>(tenantId, `/api/sources/${id}/send-sample`, {
    method: "POST",
    body: "{}",
  });

export const listSourceDeliveries = (tenantId: string, id: string) =>
  call<{ deliveries: AcceptedDeliveryView[] }>(tenantId, `/api/sources/${id}/deliveries?limit=20`);

export const remapSourceDelivery = (tenantId: string, id: string, deliveryId: string) =>
  call<{ status: number; produced: Array<{ kind: string; id: string }>; duplicate?: boolean; note?: string }>(
    tenantId,
    `/api/sources/${id}/deliveries/${deliveryId}/remap`,
    { method: "POST", body: "{}" },
  );
