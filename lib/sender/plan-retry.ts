export type RetryPolicy = {
  /** Attempts in all, the first one included (1 = never retry). */
  maxAttempts: number;
  /** First backoff step; doubles each attempt. */
  baseDelayMs: number;
  /** Largest backoff step for network errors and 5xx without Retry-After. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the send fails, carrying the server's delay. */
  maxRetryAfterMs: number;
};

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

/** Answers worth another attempt: the request may succeed later unchanged. */
const retryableStatuses = new Set([408, 425, 429, 500, 502, 503, 504]);

export type AttemptOutcome =
  /** The server answered with this status (and maybe a Retry-After, already in ms). */
  | { kind: "response"; status: number; retryAfterMs: number | null }
  /** No answer: connection refused or reset, DNS failure, or the attempt's timeout. */
  | { kind: "network" };

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; why: "final" | "exhausted" | "retry_after_too_long" };

/**
 * Whether to try again after attempt number `attempt` (1-based) and how long to wait first. The
 * server's Retry-After is honoured as given (never shortened, so a rate limit is not hammered),
 * up to the policy's cap; otherwise exponential backoff with full jitter, so many senders that
 * failed together do not come back together. `random` is injectable for tests (0 ≤ r < 1).
 */
export function planRetry(
  attempt: number,
  outcome: AttemptOutcome,
  policy: RetryPolicy = defaultRetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (outcome.kind === "response" && !retryableStatuses.has(outcome.status)) return { retry: false, why: "final" };
  if (attempt >= policy.maxAttempts) return { retry: false, why: "exhausted" };
  if (outcome.kind === "response" && outcome.retryAfterMs !== null) {
    if (outcome.retryAfterMs > policy.maxRetryAfterMs) return { retry: false, why: "retry_after_too_long" };
    return { retry: true, delayMs: outcome.retryAfterMs };
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.floor(random() * ceiling) };
}
