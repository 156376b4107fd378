import type { KeptBroadcast } from "@/lib/realtime/send-missed-since-restore";

/** What Socket.IO's in-memory adapter keeps of each broadcast for recovery (its `packets`). */
type BufferedPacket = { id: string; opts: { rooms: Set<string>; except?: Set<string> }; data: unknown[] };

/**
 * The broadcasts the in-memory adapter (no Redis) still keeps after `offset`, oldest first; null
 * when it no longer has that offset (older than its window) or keeps nothing at all, so what came
 * after it cannot be told.
 */
export async function readBufferedBroadcasts(adapter: object, offset: string): Promise<KeptBroadcast[] | null> {
  const packets = (adapter as { packets?: BufferedPacket[] }).packets;
  const index = packets?.findIndex((packet) => packet.id === offset) ?? -1;
  if (!packets || index === -1) return null;
  return packets.slice(index + 1).map((packet) => ({
    offset: packet.id,
    // The adapter appended the offset to the event's arguments.
    data: packet.data.slice(0, -1),
    rooms: [...packet.opts.rooms],
    except: [...(packet.opts.except ?? [])],
  }));
}
