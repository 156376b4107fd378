import { createHash, randomBytes } from "node:crypto";
import { cachedEndpoints, loadEndpoints, type RoutedEndpoint } from "@/lib/outbound/endpoint-cache";
import { outboundKey, outboundRuntime, type QueuedDelivery } from "@/lib/outbound/outbound-runtime";
import { queueDeliveries } from "@/lib/outbound/queue-deliveries";
import type { OutboundEventType } from "@/lib/outbound/schemas";

export type OutboundEvent = { id: string; type: OutboundEventType; timestamp: string; data: Record<string, unknown> };

/**
 * `dlv_` + endpoint id + 24 hex: derived from the event when there is one (the same event is
 * queued once), random otherwise. Naming the endpoint lets the embedded log find a delivery
 * without an index.
 */
export function deliveryIdFor(endpointId: string, key?: string): string {
  const suffix = key
    ? createHash("sha256").update(`${endpointId}\u0000${key}`).digest("hex").slice(0, 24)
    : randomBytes(12).toString("hex");
  return `dlv_${endpointId}${suffix}`;
}

function wants(endpoint: RoutedEndpoint, type: string): boolean {
  return endpoint.eventTypes.includes("*") || endpoint.eventTypes.includes(type);
}

/**
 * Queues an accepted event for each of the tenant's enabled endpoints that subscribe to its type.
 * A tenant without endpoints costs one cache look-up. With the outbound Redis down it rejects at
 * once (instead of waiting for a connection): the caller's effect journal keeps the event and
 * queues it again later (lib/webhooks/ingest/replay-journal.ts), while inbound carries on.
 */
export async function enqueueOutboundEvent(tenantId: string, event: OutboundEvent): Promise<void> {
  let endpoints = cachedEndpoints(tenantId);
  if (endpoints?.length === 0) return;
  endpoints ??= await loadEndpoints(tenantId);
  const targets = endpoints.filter((endpoint) => wants(endpoint, event.type));
  if (targets.length === 0) return;
  const runtime = outboundRuntime();
  if (runtime?.redis.status !== "ready") throw new Error("outbound unavailable: its Redis is not connected");
  const body = JSON.stringify(event);
  await Promise.all(
    targets.map(async (endpoint) => {
      if (endpoint.batch) return addToBatch(tenantId, endpoint.id, endpoint.batch, event);
      const deliveryId = deliveryIdFor(endpoint.id, event.id);
      await queueThisTurn(tenantId, endpoint.id, { deliveryId, body, eventIds: [event.id], eventTypes: [event.type] });
    }),
  );
}

// Events for the same endpoint accepted in the same turn of the event loop (a burst of webhooks)
// are queued together, in one round trip and as few jobs as possible (lib/outbound/queue-deliveries.ts).
type Turn = {
  tenantId: string;
  deliveries: QueuedDelivery[];
  waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>;
};
const thisTurn = new Map<string, Turn>();

function queueThisTurn(tenantId: string, endpointId: string, delivery: QueuedDelivery): Promise<void> {
  return new Promise((resolve, reject) => {
    let turn = thisTurn.get(endpointId);
    if (!turn) {
      const created: Turn = { tenantId, deliveries: [], waiters: [] };
      thisTurn.set(endpointId, created);
      setImmediate(() => {
        thisTurn.delete(endpointId);
        const runtime = outboundRuntime();
        const queued = runtime
          ? queueDeliveries(runtime.queue, { tenantId: created.tenantId, endpointId }, created.deliveries)
          : Promise.reject(new Error("outbound is not running"));
        queued.then(
          () => {
            for (const waiter of created.waiters) waiter.resolve();
          },
          (error: unknown) => {
            for (const waiter of created.waiters) waiter.reject(error);
          },
        );
      });
      turn = created;
    }
    turn.deliveries.push(delivery);
    turn.waiters.push({ resolve, reject });
  });
}

// An event joins an endpoint's batch list once: the effect journal queues an event again when any
// of its effects failed (lib/webhooks/ingest/replay-journal.ts), and a batch, unlike a single
// delivery (whose id derives from the event), has no id of its own to be recognised by. A marker per
// endpoint and event, set with the push in one step, outlives any replay by far.
const BATCHED_ONCE_S = 24 * 3600;
const PUSH_ONCE = `if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then return redis.call('RPUSH', KEYS[2], ARGV[1]) end return 0`;

/**
 * Batching: events wait in a Redis list per endpoint. The event that makes the list non-empty
 * schedules a flush after maxWaitMs; the one that fills it to maxEvents flushes at once. Every
 * event is therefore sent within maxWaitMs, in batches of at most maxEvents.
 */
async function addToBatch(
  tenantId: string,
  endpointId: string,
  batch: { maxEvents: number; maxWaitMs: number },
  event: OutboundEvent,
): Promise<void> {
  const runtime = outboundRuntime();
  if (!runtime) return;
  const length = (await runtime.redis.eval(
    PUSH_ONCE,
    2,
    outboundKey("batched", endpointId, event.id),
    outboundKey("batch", endpointId),
    JSON.stringify(event),
    BATCHED_ONCE_S,
  )) as number;
  if (length === 0) return; // queued before: this is a replay
  const flush = (full: boolean, delay: number) =>
    runtime.queue.add(
      "flush",
      { kind: "flush", tenantId, endpointId, full },
      { delay, jobId: `flush_${endpointId}_${randomBytes(12).toString("hex")}`, removeOnComplete: true, removeOnFail: true },
    );
  if (length === 1) await flush(false, batch.maxWaitMs);
  if (length % batch.maxEvents === 0) await flush(true, 0);
}
