import type { Job } from "bullmq";
import { attemptDeliveries, attemptDelivery } from "@/lib/outbound/attempt-delivery";
import { deliveryIdFor } from "@/lib/outbound/enqueue-outbound-event";
import { type OutboundJobData, outboundKey, outboundRuntime } from "@/lib/outbound/outbound-runtime";
import { deliverJob, MAX_JOB_ATTEMPTS } from "@/lib/outbound/queue-deliveries";
import { getStorage } from "@/lib/storage/registry";

/** Thrown to have BullMQ try again after exactly `delayMs` (see `retryBackoff`). */
export class RetryLater extends Error {
  override name = "RetryLater";
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** The worker's backoff strategy: the delay the attempt itself computed (backoff or Retry-After). */
export function retryBackoff(error: Error | undefined): number {
  return error instanceof RetryLater ? error.delayMs : 1000;
}

/** The outbound worker: one delivery attempt, the first attempts of a fan-out, or one batch flush. */
export async function processOutboundJob(job: Job<OutboundJobData>): Promise<void> {
  const data = job.data;
  if (data.kind === "flush") return flushBatch(data);
  if (data.kind === "fanout") return fanOut(data);
  const manual = job.name === "retry";
  const offset = data.attemptOffset ?? 0;
  const outcome = await attemptDelivery(
    {
      deliveryId: data.deliveryId,
      tenantId: data.tenantId,
      endpointId: data.endpointId,
      body: data.body,
      eventIds: data.eventIds,
      eventTypes: data.eventTypes,
    },
    { attemptNumber: job.attemptsMade + 1 + offset, maxAttempts: (job.opts.attempts ?? 1) + offset, manual },
  );
  if (outcome?.result === "retry") throw new RetryLater(outcome.attempt.error ?? "failed", outcome.delayMs);
}

/**
 * First attempts of several deliveries at once; each one that should be tried again continues as
 * its own job after its delay, counting this attempt. A crash before the retries are queued
 * repeats the whole job: at least once, as every delivery is.
 */
async function fanOut(data: Extract<OutboundJobData, { kind: "fanout" }>): Promise<void> {
  const outcomes = await attemptDeliveries(
    data.deliveries.map((delivery) => ({ ...delivery, tenantId: data.tenantId, endpointId: data.endpointId })),
    { attemptNumber: 1, maxAttempts: MAX_JOB_ATTEMPTS, manual: false },
  );
  const runtime = outboundRuntime();
  if (!outcomes || !runtime) return;
  const retries = data.deliveries.flatMap((delivery, index) => {
    const outcome = outcomes[index];
    if (outcome?.result !== "retry") return [];
    return [deliverJob({ tenantId: data.tenantId, endpointId: data.endpointId }, delivery, { delayMs: outcome.delayMs })];
  });
  if (retries.length) await runtime.queue.addBulk(retries);
}

/** Takes waiting events off the endpoint's batch list in chunks of at most maxEvents, one delivery each. */
async function flushBatch(data: Extract<OutboundJobData, { kind: "flush" }>): Promise<void> {
  const runtime = outboundRuntime();
  if (!runtime) return;
  const endpoint = await getStorage().outbound.findEndpoint(data.tenantId, data.endpointId);
  const key = outboundKey("batch", data.endpointId);
  if (!endpoint) {
    await runtime.redis.del(key);
    return;
  }
  const size = endpoint.batch?.maxEvents ?? 1;
  for (;;) {
    // A size-triggered flush sends only full batches; the wait timer sends whatever is left.
    if (data.full && (await runtime.redis.llen(key)) < size) return;
    const [range] =
      (await runtime.redis
        .multi()
        .lrange(key, 0, size - 1)
        .ltrim(key, size, -1)
        .exec()) ?? [];
    const items = (range?.[1] ?? []) as string[];
    if (items.length === 0) return;
    const events = items.map((item) => JSON.parse(item) as { id: string; type: string });
    const job = deliverJob(
      { tenantId: data.tenantId, endpointId: data.endpointId },
      {
        deliveryId: deliveryIdFor(data.endpointId),
        body: JSON.stringify({ events }),
        eventIds: events.map((e) => e.id),
        eventTypes: [...new Set(events.map((e) => e.type))],
      },
    );
    await runtime.queue.add(job.name, job.data, job.opts);
    if (items.length < size) return;
  }
}
