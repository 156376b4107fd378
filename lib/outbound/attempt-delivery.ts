import pLimit, { type LimitFunction } from "p-limit";
import { clearAlert } from "@/lib/alerts/clear-alert";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { getEnv } from "@/lib/env";
import { countDelivery } from "@/lib/insights/count-delivery";
import { getLogger } from "@/lib/logger";
import { announceOutboundChange } from "@/lib/outbound/announce-outbound-change";
import { type DeliveryConfig, deliveryConfig } from "@/lib/outbound/delivery-config";
import { disableEndpoint } from "@/lib/outbound/disable-endpoint";
import { countAttempts, readStats } from "@/lib/outbound/endpoint-stats";
import { postToEndpoint } from "@/lib/outbound/post-to-endpoint";
import { retryDelay } from "@/lib/outbound/retry-delay";
import type { AttemptView, OutboundDeliveryView } from "@/lib/outbound/schemas";
import { services } from "@/lib/services/registry";
import { getStorage } from "@/lib/storage/registry";
import { signStandard } from "@/lib/webhooks/signatures/sign-standard";

export const USER_AGENT = "Pulseboard-Webhooks/1.0";

type DeliveryRecord = {
  deliveryId: string;
  tenantId: string;
  endpointId: string;
  url: string;
  body: string;
  eventIds: string[];
  eventTypes: string[];
};

// A body above this (only a large batch) is not kept in the log, so it stays well within a
// document's size limit; such a delivery cannot be retried by hand.
const MAX_KEPT_BODY = 1024 * 1024;

/** Logs attempts of deliveries to one endpoint (see OutboundPort.recordAttempts). */
function recordAttempts(
  records: DeliveryRecord[],
  attempts: Array<{ attempt: AttemptView; status: OutboundDeliveryView["status"] }>,
  first: boolean,
): Promise<void> {
  const head = records[0];
  if (!head) return Promise.resolve();
  return getStorage().outbound.recordAttempts(
    head.tenantId,
    head.endpointId,
    records.map((record, index) => ({
      delivery: {
        id: record.deliveryId,
        url: record.url,
        body: record.body.length <= MAX_KEPT_BODY ? record.body : null,
        eventIds: record.eventIds,
        eventTypes: record.eventTypes,
      },
      ...(attempts[index] as { attempt: AttemptView; status: OutboundDeliveryView["status"] }),
    })),
    { first },
  );
}

export type AttemptOutcome =
  | { result: "succeeded"; attempt: AttemptView }
  | { result: "retry"; attempt: AttemptView; delayMs: number }
  | { result: "failed"; attempt: AttemptView };

export type AttemptOptions = { attemptNumber: number; maxAttempts: number; manual: boolean };

// OUTBOUND_CONCURRENCY bounds the POSTs in flight in this process, however many deliveries a job
// carries (lib/outbound/queue-deliveries.ts).
function postSlot(): LimitFunction {
  const slots = services();
  slots.outboundPosts ??= pLimit(getEnv().OUTBOUND_CONCURRENCY);
  return slots.outboundPosts;
}

/**
 * One attempt of one delivery, start to finish (see attemptDeliveries). Null when the endpoint
 * (or its tenant) no longer exists.
 */
export async function attemptDelivery(
  delivery: Omit<DeliveryRecord, "url">,
  options: AttemptOptions,
): Promise<AttemptOutcome | null> {
  const [outcome] = (await attemptDeliveries([delivery], options)) ?? [];
  return outcome ?? null;
}

/**
 * One attempt of each of several deliveries to the same endpoint: sign each with the endpoint's
 * secret (Standard Webhooks; the webhook-id is the delivery id, the same on every attempt, so
 * receivers can de-duplicate), POST, then log all attempts, count them and apply the endpoint's
 * health rules together — one write of each kind for the group instead of one per delivery.
 * `attemptNumber` is 1 for the first try; `manual` attempts never schedule another. Outcomes are
 * in the deliveries' order; null when the endpoint (or its tenant) no longer exists.
 */
export async function attemptDeliveries(
  deliveries: Array<Omit<DeliveryRecord, "url">>,
  options: AttemptOptions,
): Promise<AttemptOutcome[] | null> {
  const head = deliveries[0];
  if (!head) return [];
  const endpoint = await deliveryConfig(head.tenantId, head.endpointId);
  // Removed meanwhile (or its tenant): nothing left to deliver to, nor to log in.
  if (!endpoint || endpoint.tenantId !== head.tenantId) return null;
  const records: DeliveryRecord[] = deliveries.map((delivery) => ({ ...delivery, url: endpoint.url }));
  const first = options.attemptNumber === 1 && !options.manual;

  if (!endpoint.enabled) {
    const attempt: AttemptView = {
      at: new Date().toISOString(),
      status: null,
      ok: false,
      latencyMs: 0,
      error: `not sent: endpoint is disabled (${endpoint.disabledReason ?? "manual"})`,
      responseExcerpt: "",
      nextAttemptAt: null,
    };
    await recordAttempts(
      records,
      records.map(() => ({ attempt, status: "failed" as const })),
      first,
    );
    announceOutboundChange(head.tenantId, head.endpointId, "outbound.delivery.attempted");
    return records.map(() => ({ result: "failed", attempt }));
  }

  const limit = postSlot();
  const answers = await Promise.all(records.map((record) => limit(() => post(endpoint, record))));
  // In the order they finished, so "consecutive failures" means what it says.
  const finished = [...answers].sort((a, b) => a.doneAt - b.doneAt);
  for (const a of finished)
    countDelivery(head.tenantId, a.at, { endpointId: head.endpointId, ok: a.ok, latencyMs: a.answer.latencyMs });
  const counted = await countAttempts(
    head.endpointId,
    finished.map((a) => ({ ok: a.ok, status: a.answer.status, latencyMs: a.answer.latencyMs, at: a.at })),
  ).catch(() => ({ consecutiveFailures: 0, tripped: false, failuresBefore: 0 }));

  const env = getEnv();
  const gone = answers.find((a) => a.answer.status === 410);
  const tripped = counted.tripped;
  const lastAllowed = Math.min(options.maxAttempts, endpoint.retryAttempts + 1);
  const outcomes = answers.map(({ answer, ok, at }): AttemptOutcome => {
    const retry = !ok && answer.status !== 410 && !tripped && !options.manual && options.attemptNumber < lastAllowed;
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
    if (ok) return { result: "succeeded", attempt };
    return retry ? { result: "retry", attempt, delayMs } : { result: "failed", attempt };
  });
  // The POSTs are made: whatever fails from here is logged, not thrown. Throwing would have the job
  // run again and POST every delivery of it a second time, the successful ones included, while
  // the outcomes (and the retries the caller queues from them) are known.
  const log = (error: unknown, message: string) =>
    getLogger().error({ err: error, component: "outbound", endpointId: head.endpointId }, message);
  // In the order the attempts finished, like the counters above (the log places them in that order).
  const byFinish = finished.map((a) => records.indexOf(a.record));
  await recordAttempts(
    byFinish.map((index) => records[index] as DeliveryRecord),
    byFinish.map((index) => {
      const outcome = outcomes[index] as AttemptOutcome;
      const status = outcome.result === "succeeded" ? "succeeded" : outcome.result === "retry" ? "pending" : "failed";
      return { attempt: outcome.attempt, status };
    }),
    first,
  ).catch((error: unknown) => log(error, `${records.length} delivery attempt(s) made but not logged`));

  // Logged and counted: open settings pages refetch (throttled per endpoint).
  announceOutboundChange(head.tenantId, head.endpointId, "outbound.delivery.attempted");
  const target = { id: head.endpointId, url: endpoint.url };
  const last = finished.at(-1)?.answer.status ?? null;
  const disabling = gone
    ? disableEndpoint(head.tenantId, target, "gone", { status: 410 })
    : tripped
      ? disableEndpoint(head.tenantId, target, "failing", { failures: env.OUTBOUND_FAILURE_THRESHOLD, status: last })
      : null;
  await disabling?.catch((error: unknown) => log(error, "could not disable a failing endpoint"));
  if (!disabling)
    await alertOnStreak(head.tenantId, target, counted, finished.length > counted.consecutiveFailures, last).catch(
      (error: unknown) => log(error, "could not raise or clear a failure-streak alert"),
    );
  return outcomes;
}

/**
 * The endpoint's run of failures against ALERT_FAILURE_STREAK: a run that reaches it (from below,
 * or anew after a success) opens the streak alert; a success ending a run that had reached it
 * resolves it. Counted in Redis across workers, so each crossing is seen once.
 */
async function alertOnStreak(
  tenantId: string,
  endpoint: { id: string; url: string },
  counted: { consecutiveFailures: number; failuresBefore: number },
  succeeded: boolean,
  lastStatus: number | null,
): Promise<void> {
  const streak = getEnv().ALERT_FAILURE_STREAK;
  const run = counted.consecutiveFailures;
  const cleared = () =>
    clearAlert(
      tenantId,
      { kind: "endpoint-failing", subject: endpoint.id },
      { type: "system", label: "outbound deliveries" },
      "a delivery succeeded again",
    );
  if (run >= streak && (succeeded || counted.failuresBefore < streak)) {
    const opened = await raiseAlert(
      tenantId,
      {
        kind: "endpoint-failing",
        subject: endpoint.id,
        title: "Webhook endpoint failing",
        detail: `The last ${run} deliveries to ${endpoint.url} failed${lastStatus ? ` (last: HTTP ${lastStatus})` : ""}. It is disabled after ${getEnv().OUTBOUND_FAILURE_THRESHOLD} in a row.`,
        link: `/settings/outbound/${endpoint.id}`,
      },
      "outbound deliveries",
    );
    // Another worker's success may have ended the run while this one was logging its attempts,
    // and looked for an alert to resolve before this one was open: look again now that it is.
    const now = opened ? (await readStats([endpoint.id]))?.get(endpoint.id)?.consecutiveFailures : undefined;
    if (now !== undefined && now < streak) await cleared();
  } else if (run < streak && counted.failuresBefore >= streak) {
    await cleared();
  }
}

async function post(endpoint: DeliveryConfig, record: DeliveryRecord) {
  const at = new Date();
  const timestamp = Math.floor(at.getTime() / 1000);
  const headers: Record<string, string> = {
    ...endpoint.headers,
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": record.deliveryId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signStandard({ id: record.deliveryId, timestamp, body: record.body, secret: endpoint.secret }),
  };
  const answer = await postToEndpoint({ url: endpoint.url, headers, body: record.body, timeoutMs: endpoint.timeoutMs });
  const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
  return { record, answer, ok, at, doneAt: performance.now() };
}
