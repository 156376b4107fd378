import { createAdapter } from "@socket.io/redis-streams-adapter";
import { type Command, Redis } from "ioredis";
import type { Logger } from "pino";
import { getEnv } from "@/lib/env";
import type { KeptBroadcast } from "@/lib/realtime/send-missed-since-restore";

export type RedisAdapter = {
  adapter: ReturnType<typeof createAdapter>;
  /** The broadcasts of namespace `/` the stream holds after `offset` (exclusive), oldest first. */
  readStreamAfter: (offset: string) => Promise<KeptBroadcast[]>;
  close: () => void;
};

/** A broadcast as the adapter appends it (onlyPlaintext: JSON). */
type AppendedBroadcast = {
  packet: { type: number; data: unknown[]; id?: number };
  opts: { rooms: string[]; except: string[]; flags?: { volatile?: boolean } };
};
const BROADCAST_MESSAGE = "3";
const EVENT_PACKET = 2;

/**
 * The adapter publishes (XADD, session SET/GETDEL) on this client and duplicates it for its
 * blocking readers (XREAD, SUBSCRIBE).
 */
class AdapterRedis extends Redis {
  readonly readers: Redis[] = [];

  constructor(private readonly url: string) {
    // Publishing fails fast while Redis is away, so a local emit is never held up by it.
    super(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  }

  // The adapter fires some commands and forgets them (the session SET on a disconnect, PUBLISH):
  // while Redis is down their rejection would be unhandled, which ends a Node process.
  override sendCommand(command: Command, stream?: Parameters<Redis["sendCommand"]>[1]): unknown {
    command.promise.catch(() => undefined);
    return super.sendCommand(command, stream);
  }

  // Readers wait for Redis instead of failing fast: the adapter re-polls XREAD as soon as it fails,
  // which would spin on a fail-fast client, and a subscription must survive a reconnection.
  override duplicate(): Redis {
    const reader = new Redis(this.url, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false });
    this.readers.push(reader);
    return reader;
  }
}

/**
 * Connects the Socket.IO Redis Streams adapter (rooms shared by every server process, and
 * connection-state recovery across them). Resolves null, after a warning, when Redis does not
 * answer within `timeoutMs`: the server then runs single-node rather than not at all.
 */
export async function connectRedisAdapter(url: string, log: Logger, timeoutMs = 2_000): Promise<RedisAdapter | null> {
  const client = new AdapterRedis(url);
  let reported = false;
  client.on("error", (error) => {
    if (!reported) log.warn({ err: error }, "socket.io redis adapter: redis unavailable");
    reported = true;
  });
  client.on("ready", () => {
    reported = false;
  });
  const ready = await new Promise<boolean>((resolve) => {
    const settle = (value: boolean) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("error", onError);
      resolve(value);
    };
    const onReady = () => settle(true);
    // A refused connection fails at once; only an unanswered one waits for the timer.
    const onError = () => settle(false);
    const onTimeout = () => {
      // A busy boot (Next preparing) can hold the answer back past the timer: one more period while still connecting.
      if ((client.status === "connecting" || client.status === "connect") && !extended) {
        extended = true;
        timer = setTimeout(onTimeout, timeoutMs);
      } else settle(client.status === "ready");
    };
    let extended = false;
    let timer = setTimeout(onTimeout, timeoutMs);
    client.once("ready", onReady);
    client.once("error", onError);
  });
  if (!ready) {
    client.disconnect();
    log.warn("Redis is unreachable: Socket.IO runs single-node (events reach only this process's clients)");
    return null;
  }
  // The installation's own prefix on every key and channel: with a shared one, another installation
  // on the same Redis would read this one's stream and broadcast its events to its own sockets.
  const prefix = `${getEnv().REDIS_PREFIX}:sio`;
  const streamName = `${prefix}:stream`;
  const adapter = createAdapter(client, {
    streamName,
    channelPrefix: `${prefix}:channel`,
    sessionKeyPrefix: `${prefix}:session:`,
    onlyPlaintext: true,
  });
  return {
    adapter,
    readStreamAfter: async (offset) => {
      // "ms-seq" → "ms-(seq+1)": an exclusive start that Redis before 6.2 understands too (as the adapter does).
      const [ms, seq] = offset.split("-");
      const entries = await client.xrange(streamName, `${ms}-${Number(seq) + 1}`, "+");
      return entries.flatMap(([id, flat]) => {
        const fields = new Map<string, string>();
        for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i] as string, flat[i + 1] as string);
        const data = fields.get("data");
        if (fields.get("nsp") !== "/" || fields.get("type") !== BROADCAST_MESSAGE || !data?.startsWith("{")) return [];
        const { packet, opts } = JSON.parse(data) as AppendedBroadcast;
        // As Socket.IO's own replay: events without acknowledgement, not volatile.
        if (packet.type !== EVENT_PACKET || packet.id !== undefined || opts.flags?.volatile) return [];
        return [{ offset: id, data: packet.data, rooms: opts.rooms, except: opts.except }];
      });
    },
    close: () => {
      for (const reader of client.readers) reader.disconnect();
      client.disconnect();
    },
  };
}
