/**
 * The storage layer's one sequence allocator, for append-only sequences whose positions are taken
 * by inserting under an `_id` derived from the position (a feed's entries, an activity stream's):
 * per sequence, the last position this process handed out. The insert decides — a position another
 * writer took first fails as a duplicate key — and then the head is forgotten and looked up again,
 * so no lock is needed across processes; this memory only spares the look-up on every append.
 */
export type SequenceHeads = {
  /** The head this process knows, or undefined (never looked up, or forgotten). */
  known(key: string): number | undefined;
  /** The head, looked up with `lookUp` when not known. */
  load(key: string, lookUp: () => Promise<number>): Promise<number>;
  /** Records a head looked up elsewhere (kept only when none is known). */
  learn(key: string, head: number): void;
  /** Hands out the next `count` positions after the known head and returns the first. */
  take(key: string, count?: number): number;
  /** Moves the head to `head` (e.g. only part of what was taken was written). */
  settle(key: string, head: number): void;
  /** Forgets the head: the next append looks it up. */
  forget(key: string): void;
};

export function createSequenceHeads(): SequenceHeads {
  const heads = new Map<string, number>();
  return {
    known: (key: string) => heads.get(key),
    async load(key: string, lookUp: () => Promise<number>) {
      const known = heads.get(key);
      if (known !== undefined) return known;
      const head = await lookUp();
      if (!heads.has(key)) heads.set(key, head);
      return heads.get(key) as number;
    },
    learn(key: string, head: number) {
      if (!heads.has(key)) heads.set(key, head);
    },
    take(key: string, count = 1) {
      const head = heads.get(key);
      if (head === undefined) throw new Error(`sequence ${key}: head not loaded`);
      heads.set(key, head + count);
      return head + 1;
    },
    settle(key: string, head: number) {
      heads.set(key, head);
    },
    forget(key: string) {
      heads.delete(key);
    },
  };
}
