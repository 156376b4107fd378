import type { ServerToClientEvents } from "@/lib/realtime/events";
import { getIo } from "@/lib/realtime/io-registry";
import { tenantRoom, userRoom } from "@/lib/realtime/rooms";

type EventName = keyof ServerToClientEvents;

/** The one way business code reaches sockets: everyone watching a tenant. */
export function emitToTenant<E extends EventName>(
  tenantId: string,
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
): void {
  getIo()
    ?.to(tenantRoom(tenantId))
    .emit(event, ...args);
}

/** Every open tab of one user. */
export function emitToUser<E extends EventName>(userId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
  getIo()
    ?.to(userRoom(userId))
    .emit(event, ...args);
}
