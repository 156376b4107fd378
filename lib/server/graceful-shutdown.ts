import type { Server } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "pino";

/**
 * SIGTERM/SIGINT: stop accepting connections, disconnect sockets, let in-flight requests
 * finish (bounded by drainTimeoutMs), close the services (database, embedded database), exit 0.
 */
export function installGracefulShutdown(options: {
  server: Server;
  closeSockets: () => Promise<void>;
  closeServices: () => Promise<void>;
  log: Logger;
  drainTimeoutMs?: number;
}): void {
  const { server, log } = options;
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, "shutting down");
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const steps: Array<[string, () => Promise<unknown>]> = [
      ["sockets", options.closeSockets],
      [
        "requests",
        () => Promise.race([drained, delay(options.drainTimeoutMs ?? 10_000).then(() => server.closeAllConnections())]),
      ],
      ["services", options.closeServices],
    ];
    for (const [name, step] of steps) {
      await step().catch((error: unknown) => log.warn({ err: error, step: name }, "error while shutting down"));
    }
    log.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", (signal) => void shutdown(signal));
  process.once("SIGINT", (signal) => void shutdown(signal));
}
