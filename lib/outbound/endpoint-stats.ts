import { getEnv } from "@/lib/env";
import { outboundKey, outboundRuntime } from "@/lib/outbound/outbound-runtime";
import type { EndpointStats } from "@/lib/outbound/schemas";

// Per-endpoint counters live in the outbound Redis: HINCRBY is atomic under any number of workers
// and servers (a read-modify-write on the embedded database is not), and reading them never
// touches delivery history. Latency p50 comes from the newest LATENCY_WINDOW attempts.

const LATENCY_WINDOW = 100;
const statsKey = (endpointId: string) => outboundKey("stats", endpointId);
const latencyKey = (endpointId: string) => outboundKey("latency", endpointId);

type Counted = { ok: boolean; status: number | null; latencyMs: number; at: Date };

/**
 * Counts attempts to one endpoint (in the order they finished), in one round trip. Resolves with
 * the endpoint's consecutive failures after them, whether they crossed OUTBOUND_FAILURE_THRESHOLD
 * (exactly one group of attempts does, so the endpoint is disabled once).
 */
export async function countAttempts(
  endpointId: string,
  attempts: Counted[],
): Promise<{ consecutiveFailures: number; tripped: boolean; failuresBefore: number }> {
  const runtime = outboundRuntime();
  const last = attempts.at(-1);
  if (!runtime || !last) return { consecutiveFailures: 0, tripped: false, failuresBefore: 0 };
  const successes = attempts.filter((a) => a.ok).length;
  // Runs of failures between successes: the first continues the endpoint's current run, the
  // others start from zero, and the last one is what remains.
  const runs = [0];
  for (const a of attempts) {
    if (a.ok) runs.push(0);
    else runs[runs.length - 1] = (runs.at(-1) ?? 0) + 1;
  }
  const leading = runs[0] ?? 0;
  const trailing = runs.at(-1) ?? 0;
  const key = statsKey(endpointId);
  const multi = runtime.redis.multi();
  // Result positions are counted by hand: a MULTI's own length includes the MULTI command.
  let commands = 0;
  if (successes) {
    multi.hincrby(key, "successes", successes);
    commands++;
  }
  if (successes < attempts.length) {
    multi.hincrby(key, "failures", attempts.length - successes);
    commands++;
  }
  multi.hset(key, "lastTriggeredAt", last.at.toISOString(), "lastStatus", String(last.status ?? ""));
  const runAt = ++commands;
  multi.hincrby(key, "consecutiveFailures", leading);
  if (successes) multi.hset(key, "consecutiveFailures", String(trailing));
  const latencies = attempts.filter((a) => a.status !== null).map((a) => String(a.latencyMs));
  if (latencies.length) multi.lpush(latencyKey(endpointId), ...latencies).ltrim(latencyKey(endpointId), 0, LATENCY_WINDOW - 1);
  const results = (await multi.exec()) ?? [];
  const continued = Number(results[runAt]?.[1] ?? 0);
  const threshold = getEnv().OUTBOUND_FAILURE_THRESHOLD;
  // Crossed here, exactly once: by the continued run, or by a run that started within this group.
  const tripped =
    (leading > 0 && continued - leading < threshold && continued >= threshold) || runs.slice(1).some((run) => run >= threshold);
  return { consecutiveFailures: successes ? trailing : continued, tripped, failuresBefore: continued - leading };
}

export async function resetConsecutiveFailures(endpointId: string): Promise<void> {
  await outboundRuntime()
    ?.redis.hset(statsKey(endpointId), "consecutiveFailures", "0")
    .catch(() => undefined);
}

export async function forgetStats(endpointId: string): Promise<void> {
  await outboundRuntime()
    ?.redis.del(statsKey(endpointId), latencyKey(endpointId))
    .catch(() => undefined);
}

/** Stats by endpoint id; null for all of them when the outbound Redis cannot be reached. */
export async function readStats(endpointIds: string[]): Promise<Map<string, EndpointStats> | null> {
  const runtime = outboundRuntime();
  if (runtime?.redis.status !== "ready" || endpointIds.length === 0) return endpointIds.length ? null : new Map();
  const pipeline = runtime.redis.pipeline();
  for (const id of endpointIds) pipeline.hgetall(statsKey(id)).lrange(latencyKey(id), 0, -1);
  const results = await pipeline.exec().catch(() => null);
  if (!results) return null;
  const out = new Map<string, EndpointStats>();
  endpointIds.forEach((id, index) => {
    const hash = (results[index * 2]?.[1] ?? {}) as Record<string, string>;
    const latencies = ((results[index * 2 + 1]?.[1] ?? []) as string[]).map(Number).sort((a, b) => a - b);
    out.set(id, {
      successes: Number(hash.successes ?? 0),
      failures: Number(hash.failures ?? 0),
      consecutiveFailures: Number(hash.consecutiveFailures ?? 0),
      lastTriggeredAt: hash.lastTriggeredAt || null,
      lastStatus: hash.lastStatus ? Number(hash.lastStatus) : null,
      p50LatencyMs: latencies.length ? (latencies[Math.floor((latencies.length - 1) / 2)] ?? null) : null,
    });
  });
  return out;
}
