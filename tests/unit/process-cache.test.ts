import { describe, expect, it, vi } from "vitest";
import { processCache } from "@/lib/cache/process-cache";

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe("processCache.load", () => {
  it("gives every concurrent miss the same single read", async () => {
    const cache = processCache<string>(`single-${Math.random()}`);
    const read = deferred<string>();
    const loader = vi.fn(() => read.promise);
    const waiting = Array.from({ length: 16 }, () => cache.load("tenant", 1_000, loader));
    read.resolve("settings");
    expect(await Promise.all(waiting)).toEqual(Array(16).fill("settings"));
    expect(loader).toHaveBeenCalledTimes(1);
    expect(await cache.load("tenant", 1_000, loader)).toBe("settings");
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it("serves a value near its expiry at once and refreshes it once in the background", async () => {
    vi.useFakeTimers();
    try {
      const cache = processCache<string>(`ahead-${Math.random()}`);
      await cache.load("tenant", 1_000, async () => "v1");
      vi.advanceTimersByTime(800);
      const refresh = deferred<string>();
      const loader = vi.fn(() => refresh.promise);
      expect(await cache.load("tenant", 1_000, loader)).toBe("v1");
      expect(await cache.load("tenant", 1_000, loader)).toBe("v1");
      expect(loader).toHaveBeenCalledTimes(1);
      refresh.resolve("v2");
      await refresh.promise;
      await Promise.resolve();
      vi.advanceTimersByTime(500);
      expect(await cache.load("tenant", 1_000, loader)).toBe("v2");
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not keep a value read before the key was forgotten", async () => {
    const cache = processCache<string>(`forget-${Math.random()}`);
    const stale = deferred<string>();
    const first = cache.load("tenant", 1_000, () => stale.promise);
    cache.delete("tenant");
    stale.resolve("before the change");
    expect(await first).toBe("before the change");
    expect(await cache.load("tenant", 1_000, async () => "after the change")).toBe("after the change");
  });

  it("caches nothing for an absent value and lets a failed read be retried", async () => {
    const cache = processCache<string>(`absent-${Math.random()}`);
    expect(await cache.load("gone", 1_000, async () => undefined)).toBeUndefined();
    await expect(cache.load("flaky", 1_000, () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await cache.load("flaky", 1_000, async () => "back")).toBe("back");
    expect(await cache.load("gone", 1_000, async () => "created")).toBe("created");
  });
});
