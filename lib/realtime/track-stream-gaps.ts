// What the Redis Streams adapter keeps for connection-state recovery is its stream: a session comes
// back with the entries after the client's last offset. A broadcast whose append fails (Redis down,
// a connection being re-established) is still sent to this process's connected sockets, but it is
// in no stream, so a session away at that moment would be restored without it and told it missed
// nothing (docs/reliability.md, finding 10). This records such gaps, clock-free, as stream offsets.

/** The adapter method every broadcast goes through: resolves with the entry's stream id. */
type Publishing = {
  publishAndReturnOffset: (message: { type: number; data?: { requestId?: string } }) => Promise<string>;
};

export type StreamGaps = {
  /**
   * Whether a session whose client last received `offset` can be replayed from the stream without
   * missing anything: no append has failed since that entry was written.
   */
  mayReplay: (offset: string) => boolean;
};

/** "1712345678901-3" → [ms, seq]; null when it is not a stream id. */
function parseStreamId(id: string): [bigint, bigint] | null {
  const match = /^([0-9]+)-([0-9]+)$/.exec(id);
  return match?.[1] && match[2] ? [BigInt(match[1]), BigInt(match[2])] : null;
}

function isBefore(a: [bigint, bigint], b: [bigint, bigint]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/**
 * Watches the adapter's appends. A failed append opens a gap; the first append that succeeds after
 * it closes the gap, and its id is the first offset known to come after every event the stream
 * lacks. A session may then be replayed only if its client's offset is at or after that id: an
 * offset before it was received before the missing events were sent, whoever missed them. Until an
 * append succeeds again, no session is replayed at all. Both sides of the comparison are ids Redis
 * gave, so no clock is trusted. (Another server process's gaps are its own: it cannot tell this one
 * while Redis is away; clients catch up over REST after any reconnection that was not recovered.)
 */
export function trackStreamGaps(adapter: object): StreamGaps {
  const publishing = adapter as Publishing;
  const publish = publishing.publishAndReturnOffset.bind(adapter);
  let open = false;
  let firstAfterGap: [bigint, bigint] | null = null;

  publishing.publishAndReturnOffset = async (message) => {
    try {
      const offset = await publish(message);
      // Ephemeral messages (published, not appended) answer "": they say nothing about the stream.
      const appended = parseStreamId(offset);
      if (open && appended) {
        open = false;
        firstAfterGap = appended;
      }
      return offset;
    } catch (error) {
      open = true;
      throw error;
    }
  };

  return {
    mayReplay(offset) {
      if (open) return false;
      if (!firstAfterGap) return true;
      const received = parseStreamId(offset);
      return received !== null && !isBefore(received, firstAfterGap);
    },
  };
}
