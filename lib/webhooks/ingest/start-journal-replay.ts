import { getLogger } from "@/lib/logger";
import { outboundRuntime } from "@/lib/outbound/outbound-runtime";
import { replayJournal } from "@/lib/webhooks/ingest/replay-journal";

// On one node every open entry that this process is not writing right now is unfinished (its
// effects failed, or a previous process died), so a pass takes them all, every few seconds. With
// several processes (the mongodb adapter) an entry younger than `settleMs` (JOURNAL_REPLAY_AFTER_MS)
// may be another process's delivery in flight: the passes leave those to their owner.
const SINGLE_NODE_EVERY_MS = 5_000;

/**
 * Replays what the journal holds at start, then periodically, and at once when the outbound Redis
 * is back (events refused meanwhile wait in the journal). Returns the stop function.
 */
export async function startJournalReplay(options: {
  singleNode: boolean;
  settleMs: number;
  log: (line: string) => void;
}): Promise<() => void> {
  const { settleMs, singleNode } = options;
  const cutoff = () => new Date(singleNode ? Date.now() : Date.now() - settleMs);
  const first = await replayJournal(cutoff());
  if (first.replayed + first.failed > 0)
    options.log(`Effect journal: replayed ${first.replayed} unfinished event(s) at start, ${first.failed} left for later`);

  let running = false;
  let again = false;
  const pass = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    replayJournal(cutoff())
      .then(({ replayed, failed }) => {
        if (replayed + failed > 0) getLogger().info({ replayed, failed }, "effect journal: replayed unfinished events");
      })
      .catch((error: unknown) => getLogger().warn({ err: error }, "effect journal: replay pass failed"))
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const timer = setInterval(pass, singleNode ? SINGLE_NODE_EVERY_MS : Math.max(250, settleMs / 2));
  timer.unref();
  const redis = outboundRuntime()?.redis;
  redis?.on("ready", pass);
  return () => {
    clearInterval(timer);
    redis?.off("ready", pass);
  };
}
