import { serialWrite, type WriteRank } from "@/lib/storage/embedded/insert-batched";

const MAX_BATCH = 200;

export type GroupCommit<T> = {
  /** Queues an item; it is written in this queue's next turn of the database's single writer. */
  add(item: T): void;
  /** Puts items back ahead of everything queued (a retry), for the next turn. */
  retry(items: T[]): void;
  /** Removes and returns the queued items that match (e.g. to fail them before their turn). */
  remove(matches: (item: T) => boolean): T[];
  /** The items waiting for a turn. */
  waiting(): readonly T[];
};

/**
 * The embedded adapter's one group commit: items queued while the database's single writer is
 * busy are handed to `write` together (up to 200 a turn), so a burst costs one SQLite transaction
 * instead of one each, and an idle writer takes the first item at once. `prepare` runs before the
 * queue asks for its turn, for reads that must not hold the writer; `onIdle` when a turn leaves
 * nothing queued. `write` settles each item itself: one item's failure is that item's alone.
 */
export function createGroupCommit<T>(options: {
  lane: string;
  rank: WriteRank;
  write: (batch: T[]) => Promise<void>;
  prepare?: (commit: GroupCommit<T>) => Promise<void>;
  onIdle?: () => void;
}): GroupCommit<T> {
  let items: T[] = [];
  let scheduled = false;

  const commit: GroupCommit<T> = {
    add(item) {
      items.push(item);
      schedule();
    },
    retry(retried) {
      if (retried.length === 0) return;
      items.unshift(...retried);
      schedule();
    },
    remove(matches) {
      const removed = items.filter(matches);
      items = items.filter((item) => !matches(item));
      return removed;
    },
    waiting: () => items,
  };

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    void (async () => {
      await options.prepare?.(commit);
      await serialWrite(
        async () => {
          // Items queued from here on ask for the next turn (and are prepared for it), retries too.
          scheduled = false;
          const batch = items.splice(0, MAX_BATCH);
          if (batch.length > 0) await options.write(batch).catch(() => undefined);
          if (items.length > 0) schedule();
          else if (!scheduled) options.onIdle?.();
        },
        options.rank,
        options.lane,
      );
    })();
  }

  return commit;
}
