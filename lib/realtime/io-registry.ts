import type { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from "@/lib/realtime/events";
import { services } from "@/lib/services/registry";

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

// server.ts owns the Socket.IO server; route handlers bundled by Next reach it through the
// services registry (lib/services/registry.ts) without importing socket.io themselves.
export const getIo = (): IoServer | undefined => services().io;
export const setIo = (io: IoServer | undefined): void => {
  services().io = io;
};
