import { callApi as call } from "@/lib/http/call-api";
import type {
  AttemptView,
  CreateEndpointInput,
  EndpointView,
  OutboundDeliveryView,
  UpdateEndpointInput,
} from "@/lib/outbound/schemas";

// The settings page's side of docs/outbound.md#api. Every call names the tenant the page shows.

export const listEndpoints = (tenantId: string) =>
  call<{ endpoints: EndpointView[]; outbound: { available: boolean }; canEdit: boolean }>(tenantId, "/api/webhooks/endpoints");

export const getEndpoint = (tenantId: string, id: string) =>
  call<{ endpoint: EndpointView }>(tenantId, `/api/webhooks/endpoints/${id}`);

export const createEndpoint = (tenantId: string, input: Partial<CreateEndpointInput>) =>
  call<{ endpoint: EndpointView; secret: string }>(tenantId, "/api/webhooks/endpoints", {
    method: "POST",
    body: JSON.stringify(input),
  });

export const updateEndpoint = (tenantId: string, id: string, update: UpdateEndpointInput) =>
  call<{ endpoint: EndpointView }>(tenantId, `/api/webhooks/endpoints/${id}`, { method: "PATCH", body: JSON.stringify(update) });

export const removeEndpoint = (tenantId: string, id: string) =>
  call<{ success: true }>(tenantId, `/api/webhooks/endpoints/${id}`, { method: "DELETE" });

export const testEndpoint = (tenantId: string, id: string) =>
  call<{ success: boolean; deliveryId: string; attempt: AttemptView }>(tenantId, `/api/webhooks/endpoints/${id}/test`, {
    method: "POST",
  });

export const rotateEndpointSecret = (tenantId: string, id: string) =>
  call<{ secret: string }>(tenantId, `/api/webhooks/endpoints/${id}/rotate-secret`, { method: "POST" });

export const listDeliveries = (
  tenantId: string,
  endpointId: string,
  cursor?: string | null,
  filters: { status?: string; eventType?: string; q?: string } = {},
) => {
  const query = new URLSearchParams({ endpointId, limit: "20" });
  for (const [name, value] of Object.entries({ ...filters, cursor })) if (value) query.set(name, value);
  return call<{ deliveries: OutboundDeliveryView[]; nextCursor: string | null }>(
    tenantId,
    `/api/webhooks/outbound-deliveries?${query}`,
  );
};

/** `{ids}` or `{since, endpointId, cursor?}`: queued again, skipped with why, and the cursor of the failed ones left (null: none). */
export const retryDeliveries = (
  tenantId: string,
  selection: { ids: string[] } | { since: string; endpointId: string; cursor?: string },
) =>
  call<{ queued: string[]; skipped: Array<{ id: string; reason: string }>; nextCursor: string | null }>(
    tenantId,
    "/api/webhooks/outbound-deliveries/retry",
    { method: "POST", body: JSON.stringify(selection) },
  );

export const retryDelivery = (tenantId: string, id: string) =>
  call<{ queued: true }>(tenantId, `/api/webhooks/outbound-deliveries/${id}/retry`, { method: "POST" });
