import type { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from "@/lib/realtime/events";

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

// server.ts owns the Socket.IO server; route handlers bundled by Next reach it through
// globalThis without importing socket.io themselves.
const globalForIo = globalThis as unknown as { __pulseboardIo?: IoServer };

export const getIo = (): IoServer | undefined => globalForIo.__pulseboardIo;
export const setIo = (io: IoServer | undefined): void => {
  globalForIo.__pulseboardIo = io;
};
