import type { Storage } from "@/lib/storage/ports";
import type { StorageChoice } from "@/lib/storage/select-storage";

// One registry for the process's storage: created once at start (lib/server/boot-services.ts) and
// reached from both module graphs — server.ts's and Next's bundle, which share no module instances
// but the same globalThis.
const slot = globalThis as unknown as { __pulseboardStorage?: { storage: Storage; choice: StorageChoice } };

export function registerStorage(storage: Storage, choice: StorageChoice): void {
  slot.__pulseboardStorage = { storage, choice };
}

/** The process's storage; throws before start-up has registered it. */
export function getStorage(): Storage {
  const entry = slot.__pulseboardStorage;
  if (!entry) throw new Error("Storage is not ready: bootServices() registers it at start");
  return entry.storage;
}

/** Which adapter runs and why, for the start-up log and /api/webhooks/health; null before start-up. */
export function storageChoice(): StorageChoice | null {
  return slot.__pulseboardStorage?.choice ?? null;
}

export function unregisterStorage(): void {
  slot.__pulseboardStorage = undefined;
}
