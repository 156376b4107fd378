import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

// A real HTTP receiver on loopback standing in for a tenant's endpoint: it records every request
// and answers with whatever the test scripts for the n-th one.

export type Received = { at: number; headers: IncomingMessage["headers"]; body: string; path: string };
export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

export async function startReceiver(answer: (n: number, request: Received) => Answer = () => ({ status: 200 })) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        at: Date.now(),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        path: req.url ?? "/",
      };
      received.push(request);
      const reply = answer(received.length, request);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { "content-type": "text/plain", ...reply.headers });
        res.end(reply.body ?? `answer ${received.length}`);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * An endpoint that fails each event's first attempt (per `webhook-id`) with `failure` and accepts
 * every later one: the sender's retry is what gets it through.
 */
export function firstAttemptFails(failure: Answer): (n: number, request: Received) => Answer {
  const tried = new Set<string>();
  return (_n, request) => {
    const id = String(request.headers["webhook-id"]);
    const again = tried.has(id);
    tried.add(id);
    return again ? { status: 200 } : failure;
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
