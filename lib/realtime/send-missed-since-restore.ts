import type { Socket } from "socket.io";

// Socket.IO replays a restored session from what the adapter kept (the Redis stream, or the
// in-memory adapter's buffer) as it read it during the restore, but the socket receives broadcasts
// only once it is connected, after the middlewares (authentication, with its database look-up)
// have run. A broadcast sent in between reaches neither: the client would be told it recovered and
// miss it (seen in `npm run drill -- redis`: a notification sent while two sessions were being
// restored after a Redis partition healed). This sends it.

/** A broadcast the adapter kept for recovery: its offset, its event and arguments, its audience. */
export type KeptBroadcast = { offset: string; data: unknown[]; rooms: string[]; except: string[] };

/**
 * Sends a just-restored socket, in order, every kept broadcast to its rooms after `after` (the last
 * one its replay covered) that it has not received live since it connected. Call it from the
 * "connection" handler: from then on every broadcast reaches the socket, and each one sent earlier
 * is kept by the time it is read here. Resolves false when what was kept cannot be read (the
 * caller must then make the client catch up another way).
 */
export async function sendMissedSinceRestore(
  socket: Socket,
  after: string,
  readKeptAfter: (offset: string) => Promise<KeptBroadcast[] | null>,
): Promise<boolean> {
  const delivered = new Set<string>();
  // A live packet kept for recovery carries its offset last (the adapter adds it).
  const recordLive = (...args: unknown[]) => {
    const offset = args.at(-1);
    if (typeof offset === "string") delivered.add(offset);
  };
  socket.onAnyOutgoing(recordLive);
  try {
    const kept = await readKeptAfter(after);
    if (!kept) return false;
    // A broadcast appended just before the read may still be on its way to this socket (its reply
    // came in with ours): let it land, so it is not sent twice.
    await new Promise((resolve) => setImmediate(resolve));
    for (const broadcast of kept) {
      if (!socket.connected) break;
      if (delivered.has(broadcast.offset)) continue;
      const reaches = broadcast.rooms.length === 0 || broadcast.rooms.some((room) => socket.rooms.has(room));
      if (!reaches || broadcast.except.some((room) => socket.rooms.has(room))) continue;
      const [event, ...args] = broadcast.data as [string, ...unknown[]];
      // The offset last, as on a live or replayed packet: the client resumes from it next time.
      (socket.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args, broadcast.offset);
    }
    return true;
  } catch {
    return false;
  } finally {
    socket.offAnyOutgoing(recordLive);
  }
}
