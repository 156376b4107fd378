import { createServer, type Server, Socket } from "node:net";
import { freePort } from "../../tests/support/app-process";
import { startRedisServer } from "../../tests/support/redis-server";
import { onCleanup } from "./stack";

// The drill's own redis-server on a free port (the machine's shared 127.0.0.1:6379 holds other
// runs' keys and is never touched), and a TCP proxy in front of it that the drill can cut: the app
// talks to the proxy, so Redis becomes unreachable while its data stays intact.

export async function startOwnRedis(): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const redis = await startRedisServer({ timeoutMs: 15_000 });
  onCleanup(redis.stop);
  return redis;
}

export type ProxyMode = "up" | "refused" | "blackhole";

type Pair = { client: Socket; upstream: Socket | null; toUpstream: Buffer[]; toClient: Buffer[] };

/**
 * `refused`: the port stops listening and every open connection is reset (Redis is down or the
 * host unreachable with an answer). `blackhole`: connections stay open, new ones are accepted,
 * but nothing passes in either direction until the proxy is `up` again, when what was held flows
 * (a network partition that heals; TCP would retransmit the same bytes).
 */
export async function startRedisProxy(targetPort: number) {
  const port = await freePort();
  let mode: ProxyMode = "up";
  const pairs = new Set<Pair>();
  let server: Server | null = null;

  const connectUpstream = (pair: Pair) => {
    const upstream = new Socket();
    pair.upstream = upstream;
    upstream.connect(targetPort, "127.0.0.1");
    upstream.on("data", (chunk: Buffer) => {
      if (mode === "up") pair.client.write(chunk);
      else pair.toClient.push(chunk);
    });
    const close = () => {
      pair.client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    upstream.on("error", close);
    upstream.on("close", close);
    for (const chunk of pair.toUpstream.splice(0)) upstream.write(chunk);
  };

  const onConnection = (client: Socket) => {
    const pair: Pair = { client, upstream: null, toUpstream: [], toClient: [] };
    pairs.add(pair);
    client.on("data", (chunk: Buffer) => {
      if (mode === "up" && pair.upstream) pair.upstream.write(chunk);
      else pair.toUpstream.push(chunk);
    });
    const close = () => {
      client.destroy();
      pair.upstream?.destroy();
      pairs.delete(pair);
    };
    client.on("error", close);
    client.on("close", close);
    if (mode === "up") connectUpstream(pair);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer(onConnection);
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        server = next;
        resolve();
      });
    });
  /** Stops listening and resets every open connection (close() alone waits for them to end). */
  const unlistenAndReset = async () => {
    const current = server;
    server = null;
    const closed = new Promise<void>((resolve) => (current ? current.close(() => resolve()) : resolve()));
    for (const pair of [...pairs]) {
      pair.client.resetAndDestroy();
      pair.upstream?.destroy();
      pairs.delete(pair);
    }
    await closed;
  };

  await listen();
  const proxy = {
    url: `redis://127.0.0.1:${port}`,
    port,
    mode: () => mode,
    async set(next: ProxyMode): Promise<void> {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      if (next === "refused") return unlistenAndReset();
      if (previous === "refused") await listen();
      if (next === "up") {
        for (const pair of [...pairs]) {
          if (!pair.upstream) connectUpstream(pair);
          else for (const chunk of pair.toUpstream.splice(0)) pair.upstream.write(chunk);
          for (const chunk of pair.toClient.splice(0)) pair.client.write(chunk);
        }
      }
    },
    close: unlistenAndReset,
  };
  onCleanup(() => proxy.close());
  return proxy;
}

export type RedisProxy = Awaited<ReturnType<typeof startRedisProxy>>;
