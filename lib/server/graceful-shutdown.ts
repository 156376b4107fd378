import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "pino";
import { AppError, toErrorResponse } from "@/lib/errors";
import { sendJson } from "@/lib/http/send-json";

type Step = [name: string, run: () => Promise<unknown>];

/**
 * SIGTERM/SIGINT: stop accepting connections and requests, let the requests in flight finish
 * (bounded by drainTimeoutMs), finish the effects of answered webhooks, disconnect sockets, close
 * the services (Redis, database, embedded database), exit 0.
 *
 * Returns the check server.ts runs first on every request: false when the server is stopping, the
 * request then answered 503 (Retry-After, Connection: close) and not to be handled.
 */
export function installGracefulShutdown(options: {
  server: Server;
  settleEffects: () => Promise<void>;
  closeSockets: () => Promise<void>;
  closeServices: () => Promise<void>;
  log: Logger;
  drainTimeoutMs?: number;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { server, log } = options;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  let allAnswered: () => void = () => undefined;

  const admit = (_req: IncomingMessage, res: ServerResponse): boolean => {
    if (stopping) {
      // server.close() refuses new connections only: Node keeps serving requests on connections
      // kept alive, and a platform's connection under steady load never goes idle. Such a request
      // was sent after the shutdown began; its sender retries (elsewhere, or here after the restart).
      const { status, body } = toErrorResponse(new AppError("unavailable", "Server is shutting down, retry later"));
      sendJson(res, status, body, { "retry-after": "2", connection: "close" });
      return false;
    }
    inFlight.add(res);
    res.once("close", () => {
      inFlight.delete(res);
      if (!stopping) return;
      // Its connection, idle now, is closed before it can carry another request.
      server.closeIdleConnections();
      if (inFlight.size === 0) allAnswered();
    });
    return true;
  };

  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, requestsInFlight: inFlight.size }, "shutting down");
    // Each step is bounded; should one hang all the same, the process still ends (and says so)
    // rather than wait for a supervisor's SIGKILL.
    setTimeout(() => {
      log.error("shutdown did not finish in time: exiting");
      process.exit(1);
    }, drainTimeoutMs + 40_000).unref();
    // Registered before anything can close: io.close() (closeSockets) waits for this event through
    // server.close(cb), and would wait forever if it had already been emitted.
    const serverClosed = new Promise<void>((resolve) => server.once("close", () => resolve()));
    const answered = new Promise<void>((resolve) => {
      allAnswered = resolve;
    });
    server.close();
    server.closeIdleConnections();
    // Answers still to be written tell their clients not to reuse the connection.
    for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
    if (inFlight.size === 0) allAnswered();

    const steps: Step[] = [
      [
        "requests",
        async () => {
          const finished = await Promise.race([answered.then(() => true), delay(drainTimeoutMs, false)]);
          if (!finished) log.warn({ requestsInFlight: inFlight.size }, "requests still in flight after the drain bound: cut off");
          // What is left: requests past the bound, idle kept-alive connections, Socket.IO long-polls.
          server.closeAllConnections();
        },
      ],
      // The notifications, activity entries, delivery records, dashboard facts, live pushes and
      // outbound events of the webhooks answered above: before the sockets and the database go.
      ["effects", options.settleEffects],
      ["sockets", () => Promise.race([options.closeSockets(), serverClosed.then(() => delay(100))])],
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
  return admit;
}
