import { getIo } from "@/lib/realtime/io-registry";
import { tenantRoom, userRoom } from "@/lib/realtime/rooms";

/**
 * Takes every open tab of a user out of a tenant's room, on every server process (the adapter
 * forwards it): a removed member must stop receiving the tenant's events at once, not at their
 * next reconnection.
 */
export function evictFromTenant(tenantId: string, userId: string): void {
  getIo()?.in(userRoom(userId)).socketsLeave(tenantRoom(tenantId));
}
