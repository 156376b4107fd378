import type { RejectedDeliveryView } from "@/lib/deliveries/list-rejected-deliveries";
import type { Reverification } from "@/lib/deliveries/reverify-rejected-delivery";
import type { WebhookSettingsView } from "@/lib/webhook-settings/get-webhook-settings";
import type { WebhookSettingsUpdate } from "@/lib/webhook-settings/schemas";
import type { TestWebhookReport } from "@/lib/webhook-settings/send-test-webhook";

// The settings page's side of docs/webhooks.md#settings-api-per-tenant. Every call names the
// tenant the page shows, so a tenant switch in another tab never changes the wrong tenant.

/** A JSON call on behalf of `tenantId`; a refusal becomes an Error carrying the API's message and details. */
export async function call<T>(tenantId: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { "content-type": "application/json", "x-tenant-id": tenantId, ...init.headers },
  });
  const body = (await response.json().catch(() => ({}))) as {
    error?: string;
    details?: Array<{ path: string; message: string }>;
  };
  if (!response.ok) {
    const detail = body.details?.map((d) => `${d.path}: ${d.message}`).join("; ");
    throw new Error(
      detail ? `${body.error ?? "Request failed"} — ${detail}` : (body.error ?? `Request failed (${response.status})`),
    );
  }
  return body as T;
}

export const saveSettings = (tenantId: string, update: WebhookSettingsUpdate) =>
  call<{ settings: WebhookSettingsView }>(tenantId, "/api/webhooks/settings", { method: "PATCH", body: JSON.stringify(update) });

export const rotateSecret = (tenantId: string, graceHours: number | undefined) =>
  call<{ webhookSecret: string; previousSecretValidUntil: string }>(tenantId, "/api/webhooks/settings/generate-secret", {
    method: "POST",
    body: JSON.stringify(graceHours === undefined ? {} : { graceHours }),
  });

export const sendTest = (tenantId: string) =>
  call<TestWebhookReport>(tenantId, "/api/webhooks/settings/test", { method: "POST" });

export const listRejected = (tenantId: string) =>
  call<{ deliveries: RejectedDeliveryView[] }>(tenantId, "/api/webhooks/deliveries/rejected");

export const reverifyRejected = (tenantId: string, id: string) =>
  call<{ result: Reverification }>(tenantId, `/api/webhooks/deliveries/rejected/${id}/reverify`, { method: "POST" });
