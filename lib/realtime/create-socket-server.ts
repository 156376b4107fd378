import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { getEnv } from "@/lib/env";
import { findCrossOrigin } from "@/lib/http/find-cross-origin";
import { getLogger } from "@/lib/logger";
import { authenticateSocket } from "@/lib/realtime/authenticate-socket";
import type { RedisAdapter } from "@/lib/realtime/connect-redis-adapter";
import type { SocketIdentity } from "@/lib/realtime/events";
import { type IoServer, setIo } from "@/lib/realtime/io-registry";
import { mayRestoreSession } from "@/lib/realtime/may-restore-session";
import { readBufferedBroadcasts } from "@/lib/realtime/read-buffered-broadcasts";
import { recordDelivery } from "@/lib/realtime/record-delivery";
import { tenantRoom, userRoom } from "@/lib/realtime/rooms";
import { sendMissedSinceRestore } from "@/lib/realtime/send-missed-since-restore";
import { trackStreamGaps } from "@/lib/realtime/track-stream-gaps";
import { getMembership } from "@/lib/tenants/get-membership";
import { tenantIdSchema } from "@/lib/tenants/schemas";

/** Where Socket.IO answers; upgrades elsewhere are Next's (lib/server/gate-next-upgrades.ts). */
export const SOCKET_IO_PATH = "/socket.io";

// How long a dropped client may be away and still get back its rooms and the events it missed.
const RECOVERY_WINDOW_MS = 2 * 60_000;

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const sameIdentity = (a: SocketIdentity, b: SocketIdentity | undefined) =>
  a.kind === "user" ? b?.kind === "user" && b.userId === a.userId : b?.kind === "apiKey" && b.keyId === a.keyId;

/**
 * The Socket.IO server. With a Redis adapter (see connectRedisAdapter), rooms are shared by every
 * server process through Redis Streams, which keep connection-state recovery working across
 * processes; without one, this process serves its own clients only.
 */
export function createSocketServer(
  httpServer: HttpServer,
  redis: RedisAdapter | null = null,
): { io: IoServer; close: () => Promise<void> } {
  const log = getLogger().child({ component: "realtime" });
  const io: IoServer = new Server(httpServer, {
    path: SOCKET_IO_PATH,
    serveClient: false,
    // Next's own upgrade requests (dev HMR) must survive: only /socket.io is ours.
    destroyUpgrade: false,
    // Middlewares run on a recovered connection too: its credentials are checked again.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    // A heartbeat every 2.5 s, and a client that hears none for 2.5 + 2 s closes and reconnects: a
    // tab's indicator leaves "Live" within 5 s of its connection going dead (the defaults, 25 + 20 s,
    // kept it "Live" for most of a minute), and the server drops dead tabs as quickly.
    pingInterval: 2_500,
    pingTimeout: 2_000,
    ...(redis ? { adapter: redis.adapter } : {}),
    // WebSockets ignore CORS: without this a page of another origin (even another port of the same
    // host) could open a socket with the admin's cookie and join the tenant's room.
    allowRequest: (req, callback) => {
      const reason = findCrossOrigin((name) => headerValue(req.headers[name]), getEnv().TRUSTED_ORIGINS);
      if (reason) log.warn({ origin: req.headers.origin }, "socket handshake from an untrusted origin refused");
      callback(reason, !reason);
    },
  });

  const adapter = io.of("/").adapter;
  // Only the Redis Streams adapter replays from a stream that can lack events (appends that failed);
  // the in-memory one (no Redis) keeps every packet it sent.
  const gaps = redis ? trackStreamGaps(adapter) : null;
  // Restored sessions not yet connected: the stream id their replay reached, and their pid.
  const restoring = new Map<string, { after: string; pid: string }>();
  // Sessions that must not be restored again: their socket missed what the stream cannot give back.
  const unrecoverable = new Set<string>();
  const forget = <T>(set: { delete: (key: T) => unknown }, key: T) =>
    setTimeout(() => set.delete(key), RECOVERY_WINDOW_MS).unref();

  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    // null: socket.io then connects the client afresh, without rooms or replay, and the client
    // catches up over REST (lib/realtime/client/notification-center.ts).
    if (!session || unrecoverable.has(pid) || !(await mayRestoreSession(session))) return null as unknown as typeof session;
    // Judged last: a gap that opened while the session was read and checked counts too.
    if (gaps && !gaps.mayReplay(offset)) {
      log.info({ offset }, "socket session not recovered: the stream lacks events sent since its offset");
      return null as unknown as typeof session;
    }
    const lastReplayed = session.missedPackets.at(-1)?.at(-1);
    restoring.set(session.sid, { after: typeof lastReplayed === "string" ? lastReplayed : offset, pid });
    forget(restoring, session.sid);
    return session;
  };

  /** What a restored socket missed while its middlewares ran; a client that cannot be made whole is sent away to catch up. */
  const completeRestore = async (socket: Parameters<Parameters<IoServer["on"]>[1]>[0]) => {
    const pending = restoring.get(socket.id);
    restoring.delete(socket.id);
    if (!pending) return;
    const readKeptAfter = redis ? redis.readStreamAfter : (offset: string) => readBufferedBroadcasts(adapter, offset);
    const sent = await sendMissedSinceRestore(socket, pending.after, readKeptAfter);
    if (sent && (!gaps || gaps.mayReplay(pending.after))) return;
    // Some of what it missed cannot be given back: a new connection, not restored, catches up over REST.
    log.info({ after: pending.after }, "restored socket sent to reconnect: what it missed was not kept");
    unrecoverable.add(pending.pid);
    forget(unrecoverable, pending.pid);
    socket.conn.close();
  };

  // Runs before the connection is accepted: an unauthenticated client gets connect_error.
  io.use(async (socket, next) => {
    try {
      const identity = await authenticateSocket(socket.handshake);
      if (!identity) return next(new Error("unauthorized"));
      // A recovered session carries the rooms of whoever it belonged to: only they may have it back.
      if (socket.recovered && !sameIdentity(identity, socket.data.identity)) return next(new Error("unauthorized"));
      socket.data.identity = identity;
      next();
    } catch (error) {
      log.warn({ err: error }, "socket authentication failed");
      next(new Error("unauthorized"));
    }
  });

  io.on("connection", (socket) => {
    if (socket.recovered) void completeRestore(socket);
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

    socket.on("notification-received", (rawId) => {
      recordDelivery(rawId, identity.kind === "user" ? { userId: identity.userId } : { keyId: identity.keyId }, log);
    });
  });

  setIo(io);
  return {
    io,
    close: async () => {
      await io.close().catch(() => undefined);
      redis?.close();
    },
  };
}
