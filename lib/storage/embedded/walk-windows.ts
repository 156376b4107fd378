import { decodeLogCursor, encodeLogCursor } from "@/lib/storage/ports/log-cursor";

// A page of a log the embedded adapter keeps as windows of generations (generation-window.ts):
// one window per key (a tenant's, each of its sources'), each generation read whole, newest
// generation first, merged newest first. A request reads at most `budget` generations; where it
// stops, the cursor says so (a page can then be short, or empty, with a cursor still given),
// because a filter that matches nothing must not read a tenant's whole history in one request.

export type WindowEntry = { id: string; receivedAt: Date };

export type WalkOptions<E extends WindowEntry> = {
  keys: string[];
  /** The key's newest generation; undefined when it has none. */
  newest(key: string): Promise<number | undefined>;
  /** The entries of one generation of the key (any order); null when it is gone (the walk ends there). */
  read(key: string, generation: number): Promise<E[] | null>;
  match(entry: E): boolean;
  /** The page: its size, the cursor it starts after, and `since` (entries older end the walk). */
  query: { limit: number; cursor?: string; since?: Date };
  budget: number;
};

// Newest first; the same millisecond: the later id (ObjectIds count up within a process) first.
const compare = (a: WindowEntry, b: WindowEntry) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id.localeCompare(a.id);

type Lane<E> = { key: string; next: number; buffer: Array<{ entry: E; generation: number }>; done: boolean };

export async function walkWindows<E extends WindowEntry>(
  options: WalkOptions<E>,
): Promise<{ entries: E[]; next: string | null }> {
  const { limit, cursor, since: oldest } = options.query;
  const from = decodeLogCursor(cursor);
  // Past the cursor: strictly older than the last row the previous page consumed.
  const pastCursor = (entry: E) => !from || compare({ id: from.id, receivedAt: new Date(from.at) }, entry) < 0;
  let budget = options.budget;
  const lanes: Array<Lane<E>> = [];
  for (const key of options.keys) {
    const start = from ? from.generations?.[key] : await options.newest(key);
    // A key the cursor does not name began after it (a source added since): nothing of it is older.
    if (start === undefined) continue;
    lanes.push({ key, next: start, buffer: [], done: false });
  }

  /** Fills the lane's buffer from its next generation; false when the budget is spent first. */
  async function fill(lane: Lane<E>): Promise<boolean> {
    while (lane.buffer.length === 0 && !lane.done) {
      if (budget <= 0) return false;
      budget -= 1;
      const generation = lane.next;
      const entries = lane.next < -1 ? null : await options.read(lane.key, generation);
      lane.next -= 1;
      if (entries === null) {
        lane.done = true;
        break;
      }
      lane.buffer = entries
        .filter(pastCursor)
        .sort(compare)
        .map((entry) => ({ entry, generation }));
    }
    return true;
  }

  const entries: E[] = [];
  let last: E | null = from ? ({ id: from.id, receivedAt: new Date(from.at) } as E) : null;
  const seen = new Set<string>();
  for (;;) {
    let spent = false;
    for (const lane of lanes) if (!(await fill(lane))) spent = true;
    const open = lanes.filter((lane) => lane.buffer.length > 0);
    if (spent || open.length === 0) {
      const more = lanes.some((lane) => !lane.done);
      return { entries, next: more && last ? cursorAt(last, lanes) : more ? cursorAt(null, lanes) : null };
    }
    const lane = open.reduce((a, b) =>
      compare((a.buffer[0] as { entry: E }).entry, (b.buffer[0] as { entry: E }).entry) <= 0 ? a : b,
    );
    const { entry } = lane.buffer.shift() as { entry: E };
    if (oldest && entry.receivedAt.getTime() < oldest.getTime()) return { entries, next: null };
    last = entry;
    // Versions before one window per delivery kept a copy in two windows: listed once.
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    if (!options.match(entry)) continue;
    entries.push(entry);
    if (entries.length === limit) {
      for (const other of lanes) await fill(other);
      const more = lanes.some((l) => l.buffer.length > 0 || !l.done);
      return { entries, next: more ? cursorAt(entry, lanes) : null };
    }
  }

  function cursorAt(at: E | null, all: Array<Lane<E>>): string {
    const generations: Record<string, number> = {};
    // Each lane resumes at the generation of its next unread entry.
    for (const lane of all)
      if (!lane.done || lane.buffer.length > 0) generations[lane.key] = lane.buffer[0]?.generation ?? lane.next;
    const point = at ?? ({ id: "~", receivedAt: new Date(8.64e15) } as E);
    return encodeLogCursor({ at: point.receivedAt.getTime(), id: point.id, generations });
  }
}
