import { getIo } from "@/lib/realtime/io-registry";
import { tenantRoom } from "@/lib/realtime/rooms";

/** Sockets of this process in the tenant's room: who a push just reached here. */
export function countTenantListeners(tenantId: string): number {
  return getIo()?.of("/").adapter.rooms.get(tenantRoom(tenantId))?.size ?? 0;
}
