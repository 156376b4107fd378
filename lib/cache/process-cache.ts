// What the hot paths read on every event (a tenant's webhook settings and secrets, its outbound
// endpoints, an endpoint's delivery settings) is kept per process for a short TTL: on the embedded
// database each read costs as much as the write the event exists for. Bounded (the oldest entry
// goes first). On globalThis, so route handlers bundled by Next and server.ts share one cache.

type Entry<V> = { value: V; expiresAt: number };

export type ProcessCache<V> = {
  /** The live value, or undefined when absent or expired. */
  get(key: string): V | undefined;
  set(key: string, value: V, ttlMs: number): void;
  delete(key: string): void;
};

const MAX_ENTRIES = 10_000;

export function processCache<V>(name: string): ProcessCache<V> {
  const registry = globalThis as unknown as Record<string, Map<string, Entry<V>> | undefined>;
  const slot = `__pulseboardCache_${name}`;
  registry[slot] ??= new Map();
  const entries = registry[slot];
  return {
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
    },
  };
}
