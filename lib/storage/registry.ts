import { services } from "@/lib/services/registry";
import type { Storage } from "@/lib/storage/ports";
import type { StorageChoice } from "@/lib/storage/select-storage";

// The process's storage: created once at start (lib/server/boot-services.ts) and kept in the
// services registry (lib/services/registry.ts), reached from both module graphs — server.ts's and
// Next's bundle, which share no module instances but the same globalThis.

export function registerStorage(storage: Storage, choice: StorageChoice): void {
  services().storage = { storage, choice };
}

/** The process's storage; throws before start-up has registered it. */
export function getStorage(): Storage {
  const entry = services().storage;
  if (!entry) throw new Error("Storage is not ready: bootServices() registers it at start");
  return entry.storage;
}

/** Which adapter runs and why, for the start-up log and /api/webhooks/health; null before start-up. */
export function storageChoice(): StorageChoice | null {
  return services().storage?.choice ?? null;
}

export function unregisterStorage(): void {
  services().storage = undefined;
}
