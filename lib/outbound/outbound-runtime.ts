import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { services } from "@/lib/services/registry";

// The outbound queue (BullMQ on OUTBOUND_REDIS_URL). The server runs a worker; the CLI only
// enqueues. An unreachable Redis never blocks start-up: outbound then reports itself unavailable
// (health, settings page) and the inbound path skips fan-out. In the services registry
// (lib/services/registry.ts) so Next's route handlers and server.ts share one queue.

export const OUTBOUND_QUEUE = "outbound";

export type QueuedDelivery = { deliveryId: string; body: string; eventIds: string[]; eventTypes: string[] };

export type OutboundJobData =
  // One delivery; `attemptOffset` counts attempts an earlier job made (a fan-out's first one).
  | ({ kind: "deliver"; tenantId: string; endpointId: string; attemptOffset?: number } & QueuedDelivery)
  // The first attempts of several deliveries to one endpoint (lib/outbound/queue-deliveries.ts).
  | { kind: "fanout"; tenantId: string; endpointId: string; deliveries: QueuedDelivery[] }
  | { kind: "flush"; tenantId: string; endpointId: string; full: boolean };

export type OutboundRuntime = {
  redis: Redis;
  queue: Queue<OutboundJobData>;
  worker: Worker<OutboundJobData> | null;
};

export type Processor = (job: Job<OutboundJobData>) => Promise<void>;
export type BackoffOf = (error: Error | undefined) => number;

function connectionOptions() {
  const env = getEnv();
  return { url: env.OUTBOUND_REDIS_URL, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/** Opens the queue (and with `processor`, the worker). Returns at once; Redis may still be connecting. */
export function startOutbound(options: { processor?: Processor; backoff?: BackoffOf } = {}): OutboundRuntime {
  const slots = services();
  if (slots.outbound) return slots.outbound;
  const env = getEnv();
  const log = getLogger().child({ component: "outbound" });
  let warned = false;
  const redis = new Redis(env.OUTBOUND_REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on("error", (error) => {
    if (!warned) log.warn({ err: error }, "outbound redis unavailable: outbound deliveries are paused");
    warned = true;
  });
  redis.on("ready", () => {
    if (warned) log.info("outbound redis reachable again");
    warned = false;
  });
  const quiet = () => undefined;
  const queue = new Queue<OutboundJobData>(OUTBOUND_QUEUE, {
    connection: connectionOptions(),
    prefix: env.REDIS_PREFIX,
  });
  queue.on("error", quiet);
  let worker: Worker<OutboundJobData> | null = null;
  if (options.processor) {
    const backoff = options.backoff;
    worker = new Worker<OutboundJobData>(OUTBOUND_QUEUE, options.processor, {
      connection: connectionOptions(),
      prefix: env.REDIS_PREFIX,
      concurrency: env.OUTBOUND_CONCURRENCY,
      settings: backoff ? { backoffStrategy: (_attempts, _type, error) => backoff(error) } : undefined,
    });
    worker.on("error", quiet);
    worker.on("failed", (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
        log.debug({ jobId: job.id, err: error }, "delivery failed for good");
    });
  }
  const runtime = { redis, queue, worker };
  slots.outbound = runtime;
  return runtime;
}

/** The running queue, or null when outbound was never started (or has stopped) in this process. */
export function outboundRuntime(): OutboundRuntime | null {
  return services().outbound ?? null;
}

export function outboundState(): "up" | "down" | "off" {
  const runtime = outboundRuntime();
  if (!runtime) return "off";
  return runtime.redis.status === "ready" ? "up" : "down";
}

/** Waits (bounded) for the first connection, so a healthy start reports outbound as available at once. */
export async function waitForOutbound(timeoutMs = 2_000): Promise<void> {
  const runtime = outboundRuntime();
  if (!runtime || runtime.redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    runtime.redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// How long a graceful stop lets the jobs in flight finish: a fan-out job's POSTs to a receiver
// that never answers could otherwise hold the shutdown for many timeouts.
const DRAIN_MS = 10_000;

/**
 * Graceful: the worker finishes the attempts in flight (their retries stay queued in Redis), then
 * everything closes. Jobs still running after DRAIN_MS are left to BullMQ's stalled-job recovery:
 * the next server runs them again (at least once). The runtime stays visible until the worker has
 * stopped, so finishing jobs can still count their attempts and queue their retries.
 */
export async function stopOutbound(): Promise<void> {
  const slots = services();
  const runtime = slots.outbound;
  if (!runtime) return;
  const up = runtime.redis.status === "ready";
  if (runtime.worker) {
    const worker = runtime.worker;
    const closed = (up ? worker.close() : worker.close(true)).then(
      () => true,
      () => true,
    );
    const timer = new Promise<false>((resolve) => setTimeout(resolve, DRAIN_MS, false).unref());
    if (!(await Promise.race([closed, timer]))) await worker.close(true).catch(() => undefined);
  }
  slots.outbound = undefined;
  await runtime.queue.close().catch(() => undefined);
  await runtime.redis.quit().catch(() => runtime.redis.disconnect());
}

/** A Redis key of ours, namespaced like the queue. */
export function outboundKey(...parts: string[]): string {
  return [getEnv().REDIS_PREFIX, "outbound", ...parts].join(":");
}
