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

/**
 * Queues first attempts of deliveries to one endpoint in one round trip: a lone delivery as its own
 * job (its id is the delivery id, so the same event queued twice within the retention is sent
 * once), several as fan-out jobs of at most FANOUT_MAX. A fan-out's failed attempts are retried as
 * single jobs (lib/outbound/process-outbound-job.ts).
 */
export async function queueDeliveries(
  queue: Queue<OutboundJobData>,
  target: { tenantId: string; endpointId: string },
  deliveries: QueuedDelivery[],
): Promise<void> {
  const jobs = [];
  for (let start = 0; start < deliveries.length; start += FANOUT_MAX) {
    const chunk = deliveries.slice(start, start + FANOUT_MAX);
    const [only] = chunk;
    if (chunk.length === 1 && only) {
      jobs.push({
        name: "deliver",
        data: { kind: "deliver" as const, ...target, ...only },
        opts: { ...jobOptions, jobId: only.deliveryId },
      });
    } else {
      const jobId = `fan_${chunk[0]?.deliveryId}_${chunk.length}`;
      jobs.push({
        name: "fanout",
        data: { kind: "fanout" as const, ...target, deliveries: chunk },
        opts: { ...jobOptions, jobId },
      });
    }
  }
  if (jobs.length) await queue.addBulk(jobs);
}
