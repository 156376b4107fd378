import type { Caller } from "@/lib/auth/resolve-caller";
import { services } from "@/lib/services/registry";

// Who a session cookie belongs to, remembered for a few seconds. On the embedded database the
// look-up behind every authenticated request (session by token, then its user) is two scans of
// better-auth's collections; a tab polling or paging would pay them on every call. Anything that
// changes what a session means — sign-out, revocation, switching tenant, account changes —
// clears the cache in this process (see auth.ts); another process's sign-out applies within the TTL.
// In the services registry, so Next's bundle and server.ts (socket handshakes) share one cache.

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type SessionEntry = { caller: Extract<Caller, { kind: "user" }>; expiresAt: number };

export function cachedSessionCaller(token: string): SessionEntry["caller"] | null {
  const { sessions } = services();
  const entry = sessions.get(token);
  if (!entry) return null;
  if (entry.expiresAt > Date.now()) return entry.caller;
  sessions.delete(token);
  return null;
}

export function rememberSessionCaller(token: string, caller: SessionEntry["caller"], sessionExpiresAt: Date): void {
  const { sessions } = services();
  if (sessions.size >= MAX_ENTRIES) sessions.clear();
  sessions.set(token, { caller, expiresAt: Math.min(Date.now() + TTL_MS, sessionExpiresAt.getTime()) });
}

export function forgetSessionCallers(): void {
  services().sessions.clear();
}
