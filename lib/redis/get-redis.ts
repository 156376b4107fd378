import { Redis } from "ioredis";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { services } from "@/lib/services/registry";

// Redis answers a rate-limit command in about a millisecond; 200 ms leaves room for a busy event loop.
const COMMAND_TIMEOUT_MS = 200;
const SOCKET_TIMEOUT_MS = 1_000;

/** The shared Redis client when REDIS_URL is set; null otherwise. Never blocks start-up. */
export function getRedis(): Redis | null {
  const slots = services();
  if (slots.redis !== undefined) return slots.redis;
  const url = getEnv().REDIS_URL;
  if (!url) {
    slots.redis = null;
    return null;
  }
  const client = new Redis(url, {
    // Fail fast while Redis is down instead of queueing commands behind a request.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    // The rate limits ask this client before every webhook's answer; a Redis that does not answer
    // (a partition, a paused host: the connection stays open) must not hold them. A command not
    // answered within COMMAND_TIMEOUT_MS fails, and the limiter falls back to its in-memory
    // insurance. Only the rate limits use this client: the outbound queue (BullMQ) and the Socket.IO
    // adapter have their own clients, whose commands may wait.
    commandTimeout: COMMAND_TIMEOUT_MS,
    // After SOCKET_TIMEOUT_MS without a byte while commands wait, the connection is dropped: the
    // client reconnects, and until Redis is ready again every command fails at once (offline queue
    // off) instead of waiting out its timeout, one webhook after another.
    socketTimeout: SOCKET_TIMEOUT_MS,
    // A command we stopped waiting for is not sent again on the next connection: its webhook was
    // already counted in memory, and a backlog replayed at once would spend the tenant's budget.
    autoResendUnfulfilledCommands: false,
  });
  let warned = false;
  client.on("error", (error) => {
    if (!warned) getLogger().warn({ err: error }, "redis unavailable");
    warned = true;
  });
  client.on("ready", () => {
    warned = false;
  });
  slots.redis = client;
  return client;
}

export function redisState(): "up" | "down" | "disabled" {
  const client = getRedis();
  if (!client) return "disabled";
  return client.status === "ready" ? "up" : "down";
}

export async function closeRedis(): Promise<void> {
  const slots = services();
  const client = slots.redis;
  slots.redis = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}

/** Starts the client at boot and waits briefly for it; an unreachable Redis never blocks start-up. */
export async function warmRedis(timeoutMs = 2_000): Promise<void> {
  const client = getRedis();
  if (!client || client.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
