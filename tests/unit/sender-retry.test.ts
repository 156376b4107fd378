import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "@/lib/sender/parse-retry-after";
import { defaultRetryPolicy, planRetry } from "@/lib/sender/plan-retry";

const now = Date.parse("2026-01-15T02:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates, in milliseconds", () => {
    expect(parseRetryAfter("5", now)).toBe(5000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Thu, 15 Jan 2026 02:00:30 GMT", now)).toBe(30_000);
    // A date already past means "now", not a negative wait.
    expect(parseRetryAfter("Thu, 15 Jan 2026 01:59:00 GMT", now)).toBe(0);
  });

  it("ignores what is absent or unreadable, so the caller's own backoff applies", () => {
    for (const value of [null, undefined, "", "soon", "-3", "1.5", "5s"]) expect(parseRetryAfter(value, now)).toBeNull();
  });
});

describe("planRetry", () => {
  const policy = { ...defaultRetryPolicy, maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 10_000 };
  const response = (status: number, retryAfterMs: number | null = null) => ({ kind: "response" as const, status, retryAfterMs });

  it("waits exactly the server's Retry-After on 429 and 503", () => {
    expect(planRetry(1, response(429, 2000), policy)).toEqual({ retry: true, delayMs: 2000 });
    expect(planRetry(2, response(503, 5000), policy)).toEqual({ retry: true, delayMs: 5000 });
  });

  it("gives up instead of waiting longer than the cap, or past the last attempt", () => {
    expect(planRetry(1, response(429, 60_000), policy)).toEqual({ retry: false, why: "retry_after_too_long" });
    expect(planRetry(4, response(429, 1000), policy)).toEqual({ retry: false, why: "exhausted" });
    expect(planRetry(4, { kind: "network" }, policy)).toEqual({ retry: false, why: "exhausted" });
  });

  it("never retries an answer that will not change: bad input, bad signature, disabled endpoint", () => {
    for (const status of [400, 401, 403, 404, 413, 415])
      expect(planRetry(1, response(status), policy)).toMatchObject({ retry: false, why: "final" });
  });

  it("backs off exponentially with full jitter on network errors and 5xx without Retry-After, up to the ceiling", () => {
    const top = () => 0.999999;
    expect(planRetry(1, { kind: "network" }, policy, top)).toEqual({ retry: true, delayMs: 99 });
    expect(planRetry(2, response(502), policy, top)).toEqual({ retry: true, delayMs: 199 });
    expect(planRetry(3, response(500), policy, top)).toEqual({ retry: true, delayMs: 399 });
    expect(planRetry(3, response(500), { ...policy, maxDelayMs: 250 }, top)).toEqual({ retry: true, delayMs: 249 });
    expect(planRetry(2, { kind: "network" }, policy, () => 0)).toEqual({ retry: true, delayMs: 0 });
    // Jitter spreads senders that failed together.
    const delays = new Set(
      Array.from({ length: 50 }, () => (planRetry(3, { kind: "network" }, policy) as { delayMs: number }).delayMs),
    );
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeLessThan(400);
  });
});
