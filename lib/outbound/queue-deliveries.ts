import { createHash } from "node:crypto";
import type { Queue } from "bullmq";
import type { OutboundJobData, QueuedDelivery } from "@/lib/outbound/outbound-runtime";

// Attempts a job may make at most (SPEC: webhookRetryAttempts ≤ 10, plus the first); the tenant's
// current setting decides when to stop (lib/outbound/process-outbound-job.ts).
export const MAX_JOB_ATTEMPTS = 11;
export const jobOptions = {
  attempts: MAX_JOB_ATTEMPTS,
  backoff: { type: "outbound" },
  // Kept an hour, so the same event enqueued twice within it is delivered once.
  removeOnComplete: { age: 3600 },
  removeOnFail: { age: 24 * 3600 },
};

// Deliveries per fan-out job: a job's own queue round trips (fetch, lock, complete) cost the
// worker, Redis and the CPU they share more than a POST does, so under load one job carries the
// first attempts of several deliveries to the same endpoint (docs/benchmarks.md).
export const FANOUT_MAX = 50;
// …and at most this many bytes of bodies, so a burst of large events does not become one huge job.
const FANOUT_MAX_BYTES = 1024 * 1024;

/**
 * One delivery as its own job, named by its delivery id. `after` continues a delivery whose first
 * attempt a fan-out made: one attempt fewer, after the delay it computed.
 */
export function deliverJob(
  target: { tenantId: string; endpointId: string },
  delivery: QueuedDelivery,
  after?: { delayMs: number },
) {
  return {
    name: "deliver",
    data: { kind: "deliver" as const, ...target, ...delivery, ...(after ? { attemptOffset: 1 } : {}) },
    opts: {
      ...jobOptions,
      jobId: delivery.deliveryId,
      ...(after ? { attempts: MAX_JOB_ATTEMPTS - 1, delay: after.delayMs } : {}),
    },
  };
}

/**
 * Queues first attempts of deliveries to one endpoint in one round trip: a lone delivery as its own
 * job (its id is the delivery id, so the same event queued twice within the retention is sent
 * once), several as fan-out jobs of at most FANOUT_MAX deliveries and about a megabyte of bodies.
 * A fan-out's failed attempts are retried as single jobs (lib/outbound/process-outbound-job.ts).
 */
export async function queueDeliveries(
  queue: Queue<OutboundJobData>,
  target: { tenantId: string; endpointId: string },
  deliveries: QueuedDelivery[],
): Promise<void> {
  const chunks: QueuedDelivery[][] = [];
  let bytes = 0;
  for (const delivery of deliveries) {
    const last = chunks.at(-1);
    if (!last || last.length >= FANOUT_MAX || bytes + delivery.body.length > FANOUT_MAX_BYTES) {
      chunks.push([delivery]);
      bytes = delivery.body.length;
    } else {
      last.push(delivery);
      bytes += delivery.body.length;
    }
  }
  const jobs = [];
  for (const chunk of chunks) {
    const [only] = chunk;
    if (chunk.length === 1 && only) {
      jobs.push(deliverJob(target, only));
    } else {
      // Names every delivery in it, so only the very same group queued again is refused as a repeat.
      const jobId = `fan_${createHash("sha256")
        .update(chunk.map((d) => d.deliveryId).join(","))
        .digest("hex")
        .slice(0, 32)}`;
      jobs.push({
        name: "fanout",
        data: { kind: "fanout" as const, ...target, deliveries: chunk },
        opts: { ...jobOptions, jobId },
      });
    }
  }
  if (jobs.length) await queue.addBulk(jobs);
}
