import { Redis } from "ioredis";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { services } from "@/lib/services/registry";

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
