import type { Socket } from "socket.io";
import type { StreamEntry } from "@/lib/realtime/connect-redis-adapter";

// Socket.IO replays a restored session from the stream as it read it during the restore, but the
// socket receives broadcasts only once it is connected, after the middlewares (authentication,
// with its database look-up) have run. A broadcast sent in between reaches neither: the client
// would be told it recovered and miss it (seen in `npm run drill -- redis`, a notification sent
// while two sessions were being restored after a Redis partition healed). This sends it.

/** A broadcast as the adapter appends it (onlyPlaintext: JSON). */
type AppendedBroadcast = {
  packet: { type: number; data: unknown[]; id?: number };
  opts: { rooms: string[]; except: string[]; flags?: { volatile?: boolean } };
};

const STREAM_ID = /^[0-9]+-[0-9]+$/;
const EVENT_PACKET = 2;
const BROADCAST_MESSAGE = "3";

/**
 * Sends a just-restored socket, in order, every broadcast to its rooms appended after `after` (the
 * last entry its replay covered) that it has not received live since it connected. Call it from
 * the "connection" handler: from then on every broadcast reaches the socket, and each one appended
 * earlier is in the stream by the time it is read here. Resolves false when the stream could not be
 * read (the caller must then make the client catch up another way).
 */
export async function sendMissedSinceRestore(
  socket: Socket,
  after: string,
  readStreamAfter: (offset: string) => Promise<StreamEntry[]>,
): Promise<boolean> {
  const delivered = new Set<string>();
  // A live packet carries its stream id last (the adapter adds it for recovery).
  const recordLive = (...args: unknown[]) => {
    const offset = args.at(-1);
    if (typeof offset === "string" && STREAM_ID.test(offset)) delivered.add(offset);
  };
  socket.onAnyOutgoing(recordLive);
  try {
    const entries = await readStreamAfter(after);
    // A broadcast appended just before the read may still be on its way to this socket (its reply
    // came in with ours): let it land, so it is not sent twice.
    await new Promise((resolve) => setImmediate(resolve));
    for (const entry of entries) {
      if (!socket.connected) break;
      if (entry.fields.nsp !== socket.nsp.name || entry.fields.type !== BROADCAST_MESSAGE || delivered.has(entry.id)) continue;
      const raw = entry.fields.data;
      if (!raw?.startsWith("{")) continue;
      const { packet, opts } = JSON.parse(raw) as AppendedBroadcast;
      // As Socket.IO's own replay: events without acknowledgement, not volatile.
      if (packet.type !== EVENT_PACKET || packet.id !== undefined || opts.flags?.volatile) continue;
      const reaches = opts.rooms.length === 0 || opts.rooms.some((room) => socket.rooms.has(room));
      if (!reaches || opts.except.some((room) => socket.rooms.has(room))) continue;
      const [event, ...args] = packet.data as [string, ...unknown[]];
      // The stream id last, as on a live or replayed packet: the client's offset moves on with it.
      (socket.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args, entry.id);
    }
    return true;
  } catch {
    return false;
  } finally {
    socket.offAnyOutgoing(recordLive);
  }
}
