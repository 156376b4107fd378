import { API_KEY_PREFIX, getAuth } from "@/lib/auth/auth";
import { findCaller } from "@/lib/auth/resolve-caller";
import type { SocketIdentity } from "@/lib/realtime/events";

/**
 * Identifies a handshake from its session cookie or `auth.token` (a session token or a
 * tenant API key). Tokens in the query string are ignored on purpose: they end up in logs.
 */
export async function authenticateSocket(handshake: {
  headers: Record<string, string | string[] | undefined>;
  auth: Record<string, unknown>;
}): Promise<SocketIdentity | null> {
  const headers = new Headers();
  const cookie = handshake.headers.cookie;
  if (typeof cookie === "string") headers.set("cookie", cookie);

  const token = typeof handshake.auth?.token === "string" ? handshake.auth.token : null;
  if (token?.startsWith(API_KEY_PREFIX)) {
    headers.delete("cookie");
    headers.set("authorization", `Bearer ${token}`);
  } else if (token) {
    const { authCookies } = await getAuth().$context;
    headers.set("cookie", `${authCookies.sessionToken.name}=${token}`);
  }

  const caller = await findCaller(headers);
  if (!caller) return null;
  return caller.kind === "user"
    ? { kind: "user", userId: caller.userId, email: caller.email }
    : { kind: "apiKey", keyId: caller.keyId, tenantId: caller.tenantId };
}
