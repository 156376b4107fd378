import { EventEmitter } from "node:events";
import type { Server } from "node:http";
import { SOCKET_IO_PATH } from "@/lib/realtime/create-socket-server";

/**
 * What to give Next as its `httpServer`, and the gate that feeds it. Next attaches its WebSocket
 * upgrade handler (HMR in development, rewrites otherwise) to the server it is given, else to the
 * one its first request arrived on; on ours it also ran for every Socket.IO handshake: its router
 * once per connection, and a listener holding an AbortController for the connection's life (about
 * 1 KiB per socket, `npm run bench -- fanout`). Upgrades outside Socket.IO's path still reach it.
 */
export function gateNextUpgrades(): { forNext: Server; attach: (server: Server) => void } {
  const gate = new EventEmitter();
  return {
    // Next only listens to it for "upgrade" (next/dist/server/next.js, setupWebSocketHandler).
    forNext: gate as unknown as Server,
    attach: (server) => {
      server.on("upgrade", (req, socket, head) => {
        if (!req.url?.startsWith(`${SOCKET_IO_PATH}/`)) gate.emit("upgrade", req, socket, head);
      });
    },
  };
}
