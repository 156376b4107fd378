import { decodeLogCursor, encodeLogCursor, type LanePosition } from "@/lib/storage/ports/log-cursor";

// A page of a log the embedded adapter keeps as windows of generations (generation-window.ts):
// one window per key (a tenant's, each of its sources'), each generation read whole and sorted,
// newest generation first; the windows merged newest first. Generations are close to time order
// but not exactly (a record kept once joins its window after the archive took it, a burst shares
// a page), so a window resumes by its own position — a generation and the last row consumed from
// it in that generation's order — never by a time alone, which would skip a row that landed in a
// later generation than a newer one. A request reads at most `budget` generations beyond each
// window's first; where it stops, the cursor says so (a page can then be short, or empty, with a
// cursor still given): a filter that matches nothing must not read a tenant's history at once.

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

// Newest first; the same millisecond: the greater id first.
const compare = (a: WindowEntry, b: WindowEntry) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id.localeCompare(a.id);

type Lane<E> = {
  key: string;
  /** The generation the buffer holds (the rest of it), or the next to read when the buffer is empty. */
  generation: number;
  /** The last row consumed from `generation`, if any. */
  consumed: E | null;
  buffer: E[];
  /** Whether `generation` was read into the buffer. */
  loaded: boolean;
  done: boolean;
};

export async function walkWindows<E extends WindowEntry>(
  options: WalkOptions<E>,
): Promise<{ entries: E[]; next: string | null }> {
  const { limit, cursor, since: oldest } = options.query;
  const from = decodeLogCursor(cursor);
  // A cursor without lanes (the mongodb adapter's, an earlier version's) is a time: each window
  // starts at its newest generation and skips what is not older than it.
  const byTime = from && !from.lanes ? ({ id: from.id, receivedAt: new Date(from.at) } as WindowEntry) : null;
  const lanes: Array<Lane<E>> = [];
  for (const key of options.keys) {
    const position: LanePosition | undefined = from?.lanes ? from.lanes[key] : undefined;
    // A key the cursor does not name was done, or began after it (a source added since).
    if (from?.lanes && !position) continue;
    const generation = position ? position.g : await options.newest(key);
    if (generation === undefined) continue;
    const consumed =
      position?.t !== undefined && position.i !== undefined ? ({ id: position.i, receivedAt: new Date(position.t) } as E) : null;
    lanes.push({ key, generation, consumed, buffer: [], loaded: false, done: false });
  }
  // Each window's first read is free, so that many windows never spend the budget on their first generation.
  let budget = options.budget + lanes.length;

  /** Fills the lane's buffer from its next generation; false when the budget is spent first. */
  async function fill(lane: Lane<E>): Promise<boolean> {
    while (lane.buffer.length === 0 && !lane.done) {
      if (lane.loaded) {
        // This generation is used up: the next one is read whole (there is none below -1).
        if (lane.generation - 1 < -1) {
          lane.done = true;
          break;
        }
        lane.generation -= 1;
        lane.consumed = null;
        lane.loaded = false;
      }
      if (budget <= 0) return false;
      budget -= 1;
      const entries = await options.read(lane.key, lane.generation);
      if (entries === null) {
        lane.done = true;
        break;
      }
      const after = lane.consumed;
      lane.buffer = entries
        .filter((entry) => !after || compare(after, entry) < 0)
        .filter((entry) => !byTime || compare(byTime, entry) < 0)
        .sort(compare);
      lane.loaded = true;
    }
    return true;
  }

  function cursorAt(last: E | null): string {
    const positions: Record<string, LanePosition> = {};
    for (const lane of lanes) {
      if (lane.done || lane.generation < -1) continue;
      if (lane.loaded && lane.buffer.length === 0) {
        // Used up: the next generation, from its start (none below generation -1).
        if (lane.generation - 1 >= -1) positions[lane.key] = { g: lane.generation - 1 };
        continue;
      }
      // After its last consumed row; a time cursor's point stands for it until one is.
      const after = lane.consumed ?? byTime;
      positions[lane.key] = after ? { g: lane.generation, t: after.receivedAt.getTime(), i: after.id } : { g: lane.generation };
    }
    const point = last ?? (from ? { id: from.id, receivedAt: new Date(from.at) } : { id: "", receivedAt: new Date(0) });
    return encodeLogCursor({ at: point.receivedAt.getTime(), id: point.id, lanes: positions });
  }

  const entries: E[] = [];
  let last: E | null = null;
  const seen = new Set<string>();
  for (;;) {
    let spent = false;
    for (const lane of lanes) if (!(await fill(lane))) spent = true;
    const open = lanes.filter((lane) => lane.buffer.length > 0);
    if (spent || open.length === 0) return { entries, next: lanes.some((lane) => !lane.done) ? cursorAt(last) : null };
    const lane = open.reduce((a, b) => (compare(a.buffer[0] as E, b.buffer[0] as E) <= 0 ? a : b));
    const entry = lane.buffer.shift() as E;
    lane.consumed = entry;
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
      return { entries, next: more ? cursorAt(entry) : null };
    }
  }
}
