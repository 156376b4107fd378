import { getAuth } from "@/lib/auth/auth";
import type { SocketData } from "@/lib/realtime/events";
import { tenantIdOfRoom } from "@/lib/realtime/rooms";
import { getMembership } from "@/lib/tenants/get-membership";

/**
 * Whether a disconnected session may come back with its rooms and the events they missed. Socket.IO
 * replays those events before any middleware runs, and a member removed (or a key revoked) while
 * the session was away is in no room an eviction could reach: so the check happens here, on the
 * identity the session was authenticated with. Refused, the client connects afresh and catches up
 * over REST, where the same membership check applies.
 */
export async function mayRestoreSession(session: { rooms: string[]; data: unknown }): Promise<boolean> {
  const identity = (session.data as Partial<SocketData> | undefined)?.identity;
  if (!identity) return false;
  const tenantIds = session.rooms.flatMap((room) => tenantIdOfRoom(room) ?? []);
  if (identity.kind === "apiKey") {
    if (tenantIds.some((tenantId) => tenantId !== identity.tenantId)) return false;
    const { adapter } = await getAuth().$context;
    const key = await adapter.findOne<{ enabled?: boolean | null; expiresAt?: Date | null }>({
      model: "apikey",
      where: [{ field: "id", value: identity.keyId }],
    });
    return Boolean(key && key.enabled !== false && (!key.expiresAt || new Date(key.expiresAt) > new Date()));
  }
  const memberships = await Promise.all(tenantIds.map((tenantId) => getMembership(tenantId, identity.userId)));
  return memberships.every(Boolean);
}
