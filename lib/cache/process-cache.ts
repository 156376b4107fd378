// What the hot paths read on every event (a tenant's webhook settings and secrets, its outbound
// endpoints, an endpoint's delivery settings) is kept per process for a short TTL: on the embedded
// database each read costs as much as the write the event exists for. Bounded (the oldest entry
// goes first). In the services registry (lib/services/registry.ts), so route handlers bundled by
// Next and server.ts share one cache.

import { services } from "@/lib/services/registry";

type Entry<V> = { value: V; expiresAt: number };

/** One named cache's entries and the loads in flight. */
export type CacheState<V> = { entries: Map<string, Entry<V>>; loading: Map<string, Promise<V | undefined>> };

export type ProcessCache<V> = {
  /** The live value, or undefined when absent or expired. */
  get(key: string): V | undefined;
  set(key: string, value: V, ttlMs: number): void;
  delete(key: string): void;
  /**
   * The live value, else `loader`'s (cached unless undefined). Concurrent misses share one load, and
   * a value in the last quarter of its TTL is served while one load refreshes it in the background,
   * so a busy key never makes its callers wait (on the embedded database a read queued behind the
   * writer took 10–15 ms, paid by every request in flight when the entry expired).
   */
  load(key: string, ttlMs: number, loader: () => Promise<V | undefined>): Promise<V | undefined>;
  /** Whether a load of `key` is in flight (joining it may return what was read before this call). */
  isLoading(key: string): boolean;
};

const MAX_ENTRIES = 10_000;

export function processCache<V>(name: string): ProcessCache<V> {
  // Loads in flight are shared too: forgetting a key in one bundle must stop a load the other started.
  const { caches } = services();
  let state = caches.get(name) as CacheState<V> | undefined;
  if (!state) {
    state = { entries: new Map(), loading: new Map() };
    caches.set(name, state as CacheState<unknown>);
  }
  const { entries, loading } = state;
  const startLoad = (key: string, ttlMs: number, loader: () => Promise<V | undefined>) => {
    const running = loader().then((value) => {
      // Forgotten meanwhile (a change in this process): the value read before it is not kept.
      if (loading.get(key) !== running) return value;
      loading.delete(key);
      if (value === undefined) entries.delete(key);
      else if (ttlMs > 0) cache.set(key, value, ttlMs);
      return value;
    });
    loading.set(key, running);
    void running.catch(() => {
      if (loading.get(key) === running) loading.delete(key);
    });
    return running;
  };
  const cache: ProcessCache<V> = {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt > Date.now()) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value, ttlMs) {
      entries.delete(key);
      if (entries.size >= MAX_ENTRIES) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    },
    delete(key) {
      entries.delete(key);
      loading.delete(key);
    },
    load(key, ttlMs, loader) {
      const entry = entries.get(key);
      const now = Date.now();
      if (entry && entry.expiresAt > now) {
        if (entry.expiresAt - now < ttlMs / 4 && !loading.has(key)) void startLoad(key, ttlMs, loader).catch(() => undefined);
        return Promise.resolve(entry.value);
      }
      return loading.get(key) ?? startLoad(key, ttlMs, loader);
    },
    isLoading(key) {
      return loading.has(key);
    },
  };
  return cache;
}
