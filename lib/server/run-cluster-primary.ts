import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";
import type { Env } from "@/lib/env";

// WEB_CONCURRENCY=N: N server processes on one port through node's cluster. The primary serves
// nothing itself: each worker runs server.ts as a single process does, and the primary hands it
// connections (round-robin), so a keep-alive connection stays with one worker. Socket.IO across
// them: rooms and catch-up through the Redis streams adapter, and a browser connects over
// WebSocket first (lib/realtime/client/notification-center.ts): one connection, one worker, so no
// sticky sessions; a client that falls back to long-polling needs them (docs/deploy.md).

/** How long a restarted worker waits after one died, so a crash loop does not spin. */
const RESTART_DELAY_MS = 1_000;

/**
 * Forks WEB_CONCURRENCY workers and resolves once all listen (logging the one line a single
 * process logs); a worker that fails to start ends the primary with its exit code. After the start
 * a worker that dies is replaced. SIGTERM/SIGINT stop every worker (each drains as a single process
 * does) and exit 0 once all have.
 */
export async function runClusterPrimary(env: Env, log: Logger): Promise<void> {
  let stopping = false;
  let started = false;
  const listening = new Set<number>();
  // Counted here: node removes a worker from cluster.workers only once its IPC channel has closed
  // too, which may come after its exit.
  const alive = new Set<number>();

  const fork = (): Worker => {
    const worker = cluster.fork();
    alive.add(worker.id);
    return worker;
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const workers = Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => worker !== undefined && alive.has(worker.id),
    );
    if (workers.length === 0) process.exit(0);
    // Each worker drains its requests and effects (lib/server/graceful-shutdown.ts), then exits. Always
    // SIGTERM: after a terminal's Ctrl-C the workers had SIGINT already, and a second one would end
    // a worker at once.
    for (const worker of workers) worker.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  await new Promise<void>((resolve) => {
    cluster.on("listening", (worker, address) => {
      listening.add(worker.id);
      if (started || listening.size < env.WEB_CONCURRENCY) return;
      started = true;
      log.info(
        { port: address.port, baseUrl: env.BASE_URL, processes: env.WEB_CONCURRENCY },
        `Pulseboard listening on port ${address.port} (${env.WEB_CONCURRENCY} processes)`,
      );
      resolve();
    });
    cluster.on("exit", (worker, code, signal) => {
      listening.delete(worker.id);
      alive.delete(worker.id);
      if (stopping) {
        if (alive.size === 0) {
          log.info("stopped");
          process.exit(0);
        }
        return;
      }
      // A worker that cannot start has said why on the shared stderr (one line): so does the primary's exit.
      if (!started) process.exit(code ?? 1);
      log.error({ pid: worker.process.pid, code, signal }, "a server process died: starting another");
      setTimeout(() => {
        if (!stopping) fork();
      }, RESTART_DELAY_MS).unref();
    });
    for (let i = 0; i < env.WEB_CONCURRENCY; i++) fork();
  });
}
