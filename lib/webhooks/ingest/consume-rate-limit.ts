import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "@/lib/env";
import { getRedis } from "@/lib/redis/get-redis";
import { services } from "@/lib/services/registry";

// A steady rate per second plus a burst allowance, per tenant. Shared through Redis when
// REDIS_URL is set (several processes, one budget); in-process otherwise, and as the
// fallback while Redis is unreachable.
function limiter(): BurstyRateLimiter {
  const slots = services();
  if (slots.webhookLimiter) return slots.webhookLimiter;
  const env = getEnv();
  const rate = env.WEBHOOK_RATE_LIMIT_PER_S;
  const extra = Math.max(env.WEBHOOK_RATE_LIMIT_BURST - rate, 1);
  const redis = getRedis();
  const make = (keyPrefix: string, points: number, duration: number) => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    return redis
      ? new RateLimiterRedis({
          storeClient: redis,
          // Per installation: tenants of two installations sharing a Redis must not share a budget.
          keyPrefix: `${env.REDIS_PREFIX}:${keyPrefix}`,
          points,
          duration,
          insuranceLimiter: memory,
        })
      : memory;
  };
  slots.webhookLimiter = new BurstyRateLimiter(make("wh-rate", rate, 1), make("wh-burst", extra, 10));
  return slots.webhookLimiter;
}

/** Takes one request from the tenant's budget; `retryAfterS` tells a refused caller when to come back. */
export async function consumeRateLimit(tenantId: string): Promise<{ allowed: true } | { allowed: false; retryAfterS: number }> {
  try {
    await limiter().consume(tenantId, 1);
    return { allowed: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      return { allowed: false, retryAfterS: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    throw rejection;
  }
}
