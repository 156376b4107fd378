/** Percentile of already-sorted samples (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Runs `task(i)` for i in [0, total) with `concurrency` in flight; returns per-call latencies (ms) and wall time. */
export async function runConcurrent(total: number, concurrency: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { latencies, wallMs, perSecond: (total / wallMs) * 1000 };
}

/** Two runs of the same work taken as one: their requests over their summed wall time. */
export function combineRuns(...runs: Array<{ latencies: number[]; wallMs: number }>) {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const wallMs = runs.reduce((sum, run) => sum + run.wallMs, 0);
  return { latencies, wallMs, perSecond: (latencies.length / wallMs) * 1000 };
}

export type LatencyStats = { p50: number; p95: number; samples: number };

/** Runs `task` `n` times one after another: p50 and p95 of its latency (ms, two decimals). */
export async function sampleLatency(n: number, task: () => Promise<unknown>): Promise<LatencyStats> {
  const latencies: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    await task();
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), samples: n };
}
