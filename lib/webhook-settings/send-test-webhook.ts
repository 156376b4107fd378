import { AppError } from "@/lib/errors";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import { localBaseUrl } from "@/lib/server/listen-address";
import { getWebhookSecret } from "@/lib/tenants/get-webhook-secret";
import { openTrace, type TracedStep, type TraceStep } from "@/lib/webhooks/ingest/delivery-trace";
import { sampleFor } from "@/lib/webhooks/samples";

// In the order they happen: the live push goes out once the inbox holds the notification, and
// "stored" is marked when every record of the delivery is durable, after it (handle-event.ts).
const STEPS: TraceStep[] = ["signed", "verified", "notified", "pushed", "stored"];
const TIMEOUT_MS = 10_000;

export type TestWebhookReport = {
  success: boolean;
  /** What the ingest answered, exactly as a platform would see it. */
  status: number;
  response: Record<string, unknown>;
  /** Every step in the order it happened; `ok: false` for one that did not happen, with the reason if known. */
  steps: Array<{ step: TraceStep; ok: boolean; atMs: number | null; detail?: string }>;
};

/**
 * "Send test webhook": signs a sample notification with the tenant's current secret (Standard
 * Webhooks) and posts it over loopback to this server's own ingest route, so it crosses every check
 * a platform's delivery does; the ingest reports its steps through a trace only this call can open.
 */
export async function sendTestWebhook(tenantId: string): Promise<TestWebhookReport> {
  const baseUrl = localBaseUrl();
  if (!baseUrl) throw new AppError("unavailable", "The server is still starting; try again in a moment");
  const trace = openTrace();
  try {
    const secret = await getWebhookSecret(tenantId);
    const payload = sampleFor("notifications", tenantId, {
      title: "Test webhook",
      message: "Sent from Settings → Inbound: signing, verification, storage and live push all work.",
      type: "success",
      priority: "low",
      actionUrl: "/settings/inbound",
      actionText: "Open settings",
      metadata: { test: true },
    });
    const request = buildSignedRequest({ baseUrl, kind: "notifications", payload, secret, scheme: "standard", scoped: true });
    trace.mark("signed", "Standard Webhooks, current secret");
    const answer = await fetch(request.url, {
      method: "POST",
      headers: { ...request.headers, "x-pulseboard-trace": trace.id },
      body: request.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const response = (await answer.json().catch(() => ({}))) as Record<string, unknown>;
    return { success: answer.status === 201, status: answer.status, response, steps: report(trace.steps(), response) };
  } finally {
    trace.close();
  }
}

function report(traced: TracedStep[], response: Record<string, unknown>): TestWebhookReport["steps"] {
  const refusal =
    typeof response.error === "string" ? `${response.error}${response.reason ? ` (${response.reason})` : ""}` : undefined;
  let refused = false;
  // Listed as they happened, whatever the canonical order says; steps that did not happen come last.
  const order = (step: TraceStep) => traced.find((t) => t.step === step)?.atMs ?? Number.POSITIVE_INFINITY;
  return [...STEPS]
    .sort((a, b) => order(a) - order(b))
    .map((step) => {
      const done = traced.find((t) => t.step === step);
      if (done) return { ...done, ok: true };
      // The first step that did not happen carries the ingest's own reason; the rest simply did not run.
      const detail = refused ? undefined : refusal;
      refused = true;
      return detail === undefined ? { step, ok: false, atMs: null } : { step, ok: false, atMs: null, detail };
    });
}
