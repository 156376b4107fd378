import type { Caller } from "@/lib/auth/resolve-caller";

// Who a session cookie belongs to, remembered for a few seconds. On the embedded database the
// look-up behind every authenticated request (session by token, then its user) is two scans of
// better-auth's collections; a tab polling or paging would pay them on every call. Anything that
// changes what a session means — sign-out, revocation, switching tenant, account changes —
// clears the cache in this process (see auth.ts); another process's sign-out applies within the TTL.
// On globalThis, so Next's bundle and server.ts (socket handshakes) share one cache.

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

type Entry = { caller: Extract<Caller, { kind: "user" }>; expiresAt: number };

const globalForCache = globalThis as unknown as { __pulseboardSessions?: Map<string, Entry> };
globalForCache.__pulseboardSessions ??= new Map();
const sessions: Map<string, Entry> = globalForCache.__pulseboardSessions;

export function cachedSessionCaller(token: string): Entry["caller"] | null {
  const entry = sessions.get(token);
  if (!entry) return null;
  if (entry.expiresAt > Date.now()) return entry.caller;
  sessions.delete(token);
  return null;
}

export function rememberSessionCaller(token: string, caller: Entry["caller"], sessionExpiresAt: Date): void {
  if (sessions.size >= MAX_ENTRIES) sessions.clear();
  sessions.set(token, { caller, expiresAt: Math.min(Date.now() + TTL_MS, sessionExpiresAt.getTime()) });
}

export function forgetSessionCallers(): void {
  sessions.clear();
}
