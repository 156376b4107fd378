import type { AcceptedDeliveryView } from "@/lib/deliveries/list-accepted-deliveries";
import type { RejectedDeliveryView } from "@/lib/deliveries/list-rejected-deliveries";
import type { Reverification } from "@/lib/deliveries/reverify-rejected-delivery";
import { callApi } from "@/lib/http/call-api";
import type { WebhookSettingsView } from "@/lib/webhook-settings/get-webhook-settings";
import type { WebhookSettingsUpdate } from "@/lib/webhook-settings/schemas";
import type { TestWebhookReport } from "@/lib/webhook-settings/send-test-webhook";

// The settings page's side of docs/webhooks.md#settings-api-per-tenant.

export const saveSettings = (tenantId: string, update: WebhookSettingsUpdate) =>
  callApi<{ settings: WebhookSettingsView }>(tenantId, "/api/webhooks/settings", {
    method: "PATCH",
    body: JSON.stringify(update),
  });

export const rotateSecret = (tenantId: string, graceHours: number | undefined) =>
  callApi<{ webhookSecret: string; previousSecretValidUntil: string }>(tenantId, "/api/webhooks/settings/generate-secret", {
    method: "POST",
    body: JSON.stringify(graceHours === undefined ? {} : { graceHours }),
  });

export const sendTest = (tenantId: string) =>
  callApi<TestWebhookReport>(tenantId, "/api/webhooks/settings/test", { method: "POST" });

/** A page of a deliveries log: filters as query parameters (empty ones left out), and the cursor of the page. */
export type LogPage<T> = { deliveries: T[]; nextCursor: string | null };
const withQuery = (path: string, params: Record<string, string | undefined>) => {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return query.size > 0 ? `${path}?${query}` : path;
};

export const listRejected = (tenantId: string, params: Record<string, string | undefined> = {}) =>
  callApi<LogPage<RejectedDeliveryView>>(tenantId, withQuery("/api/webhooks/deliveries/rejected", params));

export const reverifyRejected = (tenantId: string, id: string) =>
  callApi<{ result: Reverification }>(tenantId, `/api/webhooks/deliveries/rejected/${id}/reverify`, { method: "POST" });

export type ReplayResult = { status: number; outcome: string; result: Record<string, unknown> };

export const replayRejected = (tenantId: string, id: string) =>
  callApi<ReplayResult>(tenantId, `/api/webhooks/deliveries/rejected/${id}/replay`, { method: "POST" });

export const replayAccepted = (tenantId: string, id: string) =>
  callApi<ReplayResult>(tenantId, `/api/webhooks/deliveries/${id}/replay`, { method: "POST" });

export const listAccepted = (tenantId: string, params: Record<string, string | undefined> = {}) =>
  callApi<LogPage<AcceptedDeliveryView>>(tenantId, withQuery("/api/webhooks/deliveries", params));

export const revealSecret = (tenantId: string, password: string) =>
  callApi<{ webhookSecret: string }>(tenantId, "/api/webhooks/settings/reveal-secret", {
    method: "POST",
    body: JSON.stringify({ password }),
  });
