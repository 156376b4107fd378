import { getLogger } from "@/lib/logger";
import { replayJournal } from "@/lib/webhooks/ingest/replay-journal";

// An entry younger than `settleMs` (JOURNAL_REPLAY_AFTER_MS) may belong to a delivery still being
// processed (by another server process on the mongodb adapter): the passes leave it to its owner.

/**
 * Replays what the journal holds at start — everything on a single node (whatever is there was
 * left by a process that died), only entries older than a moment when other processes may be
 * writing — and then, periodically, entries whose effects failed (a database or Redis outage).
 * Returns the stop function.
 */
export async function startJournalReplay(options: {
  singleNode: boolean;
  settleMs: number;
  log: (line: string) => void;
}): Promise<() => void> {
  const { settleMs } = options;
  const started = Date.now();
  const first = await replayJournal(new Date(options.singleNode ? started : started - settleMs));
  if (first.replayed + first.failed > 0)
    options.log(`Effect journal: replayed ${first.replayed} unfinished event(s) at start, ${first.failed} left for later`);
  let running = false;
  const timer = setInterval(
    () => {
      if (running) return;
      running = true;
      replayJournal(new Date(Date.now() - settleMs))
        .then(({ replayed, failed }) => {
          if (replayed + failed > 0) getLogger().info({ replayed, failed }, "effect journal: replayed unfinished events");
        })
        .catch((error: unknown) => getLogger().warn({ err: error }, "effect journal: replay pass failed"))
        .finally(() => {
          running = false;
        });
    },
    Math.max(250, settleMs / 2),
  );
  timer.unref();
  return () => clearInterval(timer);
}
