import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { getLogger } from "@/lib/logger";
import { authenticateSocket } from "@/lib/realtime/authenticate-socket";
import { type IoServer, setIo } from "@/lib/realtime/io-registry";
import { tenantRoom, userRoom } from "@/lib/realtime/rooms";
import { getMembership } from "@/lib/tenants/get-membership";
import { tenantIdSchema } from "@/lib/tenants/schemas";

export function createSocketServer(httpServer: HttpServer): IoServer {
  const io: IoServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // Next's own upgrade requests (dev HMR) must survive: only /socket.io is ours.
    destroyUpgrade: false,
  });
  const log = getLogger().child({ component: "realtime" });

  // Runs before the connection is accepted: an unauthenticated client gets connect_error.
  io.use(async (socket, next) => {
    try {
      const identity = await authenticateSocket(socket.handshake);
      if (!identity) return next(new Error("unauthorized"));
      socket.data.identity = identity;
      next();
    } catch (error) {
      log.warn({ err: error }, "socket authentication failed");
      next(new Error("unauthorized"));
    }
  });

  io.on("connection", (socket) => {
    const identity = socket.data.identity;
    if (identity.kind === "user") void socket.join(userRoom(identity.userId));
    else void socket.join(tenantRoom(identity.tenantId));

    socket.on("join-tenant", async (rawTenantId, ack) => {
      const parsed = tenantIdSchema.safeParse(rawTenantId);
      const refuse = () => ack?.({ ok: false, error: "Tenant not found" });
      if (!parsed.success) return refuse();
      const tenantId = parsed.data;
      const allowed =
        identity.kind === "apiKey" ? identity.tenantId === tenantId : Boolean(await getMembership(tenantId, identity.userId));
      if (!allowed) return refuse();
      await socket.join(tenantRoom(tenantId));
      ack?.({ ok: true, tenantId });
    });

    socket.on("leave-tenant", async (rawTenantId, ack) => {
      const parsed = tenantIdSchema.safeParse(rawTenantId);
      if (parsed.success) await socket.leave(tenantRoom(parsed.data));
      ack?.({ ok: true });
    });
  });

  setIo(io);
  return io;
}
