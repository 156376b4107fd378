import { getEnv } from "@/lib/env";
import { deliveryConfig } from "@/lib/outbound/delivery-config";
import { disableEndpoint } from "@/lib/outbound/disable-endpoint";
import { countAttempt } from "@/lib/outbound/endpoint-stats";
import { postToEndpoint } from "@/lib/outbound/post-to-endpoint";
import { type DeliveryRecord, recordAttempt } from "@/lib/outbound/record-attempt";
import { retryDelay } from "@/lib/outbound/retry-delay";
import type { AttemptView } from "@/lib/outbound/schemas";
import { signStandard } from "@/lib/webhooks/signatures/sign-standard";

export const USER_AGENT = "Pulseboard-Webhooks/1.0";

export type AttemptOutcome =
  | { result: "succeeded"; attempt: AttemptView }
  | { result: "retry"; attempt: AttemptView; delayMs: number }
  | { result: "failed"; attempt: AttemptView };

/**
 * One attempt of one delivery, start to finish: sign with the endpoint's secret (Standard
 * Webhooks; the webhook-id is the delivery id, the same on every attempt, so receivers can
 * de-duplicate), POST, log the attempt, count it, and apply the endpoint's health rules.
 * `attemptNumber` is 1 for the first try; `manual` attempts never schedule another.
 */
export async function attemptDelivery(
  delivery: Omit<DeliveryRecord, "url">,
  options: { attemptNumber: number; maxAttempts: number; manual: boolean },
): Promise<AttemptOutcome | null> {
  const endpoint = await deliveryConfig(delivery.endpointId);
  // Removed meanwhile (or its tenant): nothing left to deliver to, nor to log in.
  if (!endpoint || endpoint.tenantId !== delivery.tenantId) return null;
  const record: DeliveryRecord = { ...delivery, url: endpoint.url };
  const at = new Date();

  if (!endpoint.enabled) {
    const attempt: AttemptView = {
      at: at.toISOString(),
      status: null,
      ok: false,
      latencyMs: 0,
      error: `not sent: endpoint is disabled (${endpoint.disabledReason ?? "manual"})`,
      responseExcerpt: "",
      nextAttemptAt: null,
    };
    await recordAttempt(record, attempt, "failed", options.attemptNumber === 1 && !options.manual);
    return { result: "failed", attempt };
  }

  const env = getEnv();
  const secret = endpoint.secret;
  const timestamp = Math.floor(at.getTime() / 1000);
  const headers: Record<string, string> = {
    ...endpoint.headers,
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": delivery.deliveryId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signStandard({ id: delivery.deliveryId, timestamp, body: delivery.body, secret }),
  };
  const answer = await postToEndpoint({ url: endpoint.url, headers, body: delivery.body, timeoutMs: endpoint.timeoutMs });
  const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
  const consecutive = await countAttempt(delivery.endpointId, {
    ok,
    status: answer.status,
    latencyMs: answer.latencyMs,
    at,
  }).catch(() => 0);

  const gone = answer.status === 410;
  const tripped = !ok && consecutive === env.OUTBOUND_FAILURE_THRESHOLD;
  const lastAllowed = Math.min(options.maxAttempts, endpoint.retryAttempts + 1);
  const retry = !ok && !gone && !tripped && !options.manual && options.attemptNumber < lastAllowed;
  const delayMs = retry ? retryDelay(options.attemptNumber, answer.retryAfterMs) : 0;
  const attempt: AttemptView = {
    at: at.toISOString(),
    status: answer.status,
    ok,
    latencyMs: answer.latencyMs,
    error: answer.error,
    responseExcerpt: answer.excerpt,
    nextAttemptAt: retry ? new Date(Date.now() + delayMs).toISOString() : null,
  };
  await recordAttempt(
    record,
    attempt,
    ok ? "succeeded" : retry ? "pending" : "failed",
    options.attemptNumber === 1 && !options.manual,
  );

  if (gone) await disableEndpoint(delivery.tenantId, { id: delivery.endpointId, url: endpoint.url }, "gone", { status: 410 });
  else if (tripped)
    await disableEndpoint(delivery.tenantId, { id: delivery.endpointId, url: endpoint.url }, "failing", {
      failures: consecutive,
      status: answer.status,
    });

  if (ok) return { result: "succeeded", attempt };
  return retry ? { result: "retry", attempt, delayMs } : { result: "failed", attempt };
}
