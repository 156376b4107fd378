import { Agent, request } from "node:http";

/**
 * A keep-alive POST client for load generation. The load generator shares the machine's two cores
 * with the server and the database, and `fetch` (undici on Node 20) costs it about twice the CPU
 * per request of `node:http`, which the benchmark would otherwise charge to the server.
 */
export function createHttpPoster(concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (url: string, headers: Record<string, string>, body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
        (res) => {
          res.resume();
          res.once("end", () => resolve(res.statusCode ?? 0));
          res.once("error", reject);
        },
      );
      req.once("error", reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}
