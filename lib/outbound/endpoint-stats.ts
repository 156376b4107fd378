import { outboundKey, outboundRuntime } from "@/lib/outbound/outbound-runtime";
import type { EndpointStats } from "@/lib/outbound/schemas";

// Per-endpoint counters live in the outbound Redis: HINCRBY is atomic under any number of workers
// and servers (a read-modify-write on the embedded database is not), and reading them never
// touches delivery history. Latency p50 comes from the newest LATENCY_WINDOW attempts.

const LATENCY_WINDOW = 100;
const statsKey = (endpointId: string) => outboundKey("stats", endpointId);
const latencyKey = (endpointId: string) => outboundKey("latency", endpointId);

/** Counts one attempt; resolves with the endpoint's consecutive failures after it. */
export async function countAttempt(
  endpointId: string,
  attempt: { ok: boolean; status: number | null; latencyMs: number; at: Date },
): Promise<number> {
  const runtime = outboundRuntime();
  if (!runtime) return 0;
  const multi = runtime.redis
    .multi()
    .hincrby(statsKey(endpointId), attempt.ok ? "successes" : "failures", 1)
    .hset(statsKey(endpointId), "lastTriggeredAt", attempt.at.toISOString(), "lastStatus", String(attempt.status ?? ""));
  if (attempt.ok) multi.hset(statsKey(endpointId), "consecutiveFailures", "0");
  else multi.hincrby(statsKey(endpointId), "consecutiveFailures", 1);
  if (attempt.status !== null)
    multi.lpush(latencyKey(endpointId), String(attempt.latencyMs)).ltrim(latencyKey(endpointId), 0, LATENCY_WINDOW - 1);
  const results = (await multi.exec()) ?? [];
  return attempt.ok ? 0 : Number(results[2]?.[1] ?? 0);
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
