import type { AcceptedDeliveryView } from "@/lib/deliveries/list-accepted-deliveries";
import type { RejectedDeliveryView } from "@/lib/deliveries/list-rejected-deliveries";
import type { Reverification } from "@/lib/deliveries/reverify-rejected-delivery";
import { callApi } from "@/lib/http/call-api";
import type { WebhookSettingsView } from "@/lib/webhook-settings/get-webhook-settings";
import type { WebhookSettingsUpdate } from "@/lib/webhook-settings/schemas";
import type { TestWebhookReport } from "@/lib/webhook-settings/send-test-webhook";
import type { WebhookKind } from "@/lib/webhooks/schemas";

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

export const listRejected = (tenantId: string) =>
  callApi<{ deliveries: RejectedDeliveryView[] }>(tenantId, "/api/webhooks/deliveries/rejected");

export const reverifyRejected = (tenantId: string, id: string) =>
  callApi<{ result: Reverification }>(tenantId, `/api/webhooks/deliveries/rejected/${id}/reverify`, { method: "POST" });

export type ReplayResult = { status: number; outcome: string; result: Record<string, unknown> };

export const replayRejected = (tenantId: string, id: string) =>
  callApi<ReplayResult>(tenantId, `/api/webhooks/deliveries/rejected/${id}/replay`, { method: "POST" });

export const replayAccepted = (tenantId: string, id: string) =>
  callApi<ReplayResult>(tenantId, `/api/webhooks/deliveries/${id}/replay`, { method: "POST" });

export const listAccepted = (tenantId: string, kind: WebhookKind | null) =>
  callApi<{ deliveries: AcceptedDeliveryView[] }>(tenantId, `/api/webhooks/deliveries${kind ? `?kind=${kind}` : ""}`);

export const revealSecret = (tenantId: string, password: string) =>
  callApi<{ webhookSecret: string }>(tenantId, "/api/webhooks/settings/reveal-secret", {
    method: "POST",
    body: JSON.stringify({ password }),
  });
