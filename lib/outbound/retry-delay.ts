import { getEnv } from "@/lib/env";

const FACTOR = 4;

/**
 * How long to wait before the next attempt after `failedAttempts` failures: exponential
 * (OUTBOUND_RETRY_BASE_MS × 4ⁿ⁻¹, capped at OUTBOUND_RETRY_MAX_MS) with ±20 % jitter, so endpoints
 * that failed together do not all retry together. A receiver's Retry-After wins, kept between
 * one second (or the base, if shorter) and OUTBOUND_RETRY_AFTER_MAX_MS.
 */
export function retryDelay(failedAttempts: number, retryAfterMs: number | null, random = Math.random): number {
  const env = getEnv();
  if (retryAfterMs !== null) {
    return Math.round(
      Math.min(env.OUTBOUND_RETRY_AFTER_MAX_MS, Math.max(Math.min(1000, env.OUTBOUND_RETRY_BASE_MS), retryAfterMs)),
    );
  }
  const exponential = Math.min(env.OUTBOUND_RETRY_MAX_MS, env.OUTBOUND_RETRY_BASE_MS * FACTOR ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential * (0.8 + random() * 0.4));
}
