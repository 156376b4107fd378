import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getRedis } from "@/lib/redis/get-redis";
import { services } from "@/lib/services/registry";

/** Account actions a script could repeat to guess, mint or flood; each has its own budget per client address. */
export type LimitedAction = "sign-up" | "accept-invitation" | "create-api-key" | "reveal-secret";

type Limiter = RateLimiterMemory | RateLimiterRedis;

function limiterFor(action: LimitedAction): Limiter {
  const limiters = services().addressLimiters;
  const existing = limiters.get(action);
  if (existing) return existing;
  const env = getEnv();
  const options = { keyPrefix: `${env.REDIS_PREFIX}:limit:${action}`, points: env.AUTH_RATE_LIMIT_PER_MIN, duration: 60 };
  const memory = new RateLimiterMemory(options);
  const redis = getRedis();
  // Shared by every process through Redis when it is configured; this process's memory while it is away.
  const limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory }) : memory;
  limiters.set(action, limiter);
  return limiter;
}

/** Takes one attempt from the address's budget for `action`; over it, a 429 with Retry-After. */
export async function limitByAddress(action: LimitedAction, address: string): Promise<void> {
  try {
    await limiterFor(action).consume(address, 1);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterS = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError("rate_limited", "Too many attempts: try again later", undefined, { "retry-after": String(retryAfterS) });
  }
}
