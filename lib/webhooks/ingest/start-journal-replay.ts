import { getLogger } from "@/lib/logger";
import { outboundRuntime } from "@/lib/outbound/outbound-runtime";
import type { JournalEntry } from "@/lib/storage/ports/effect-journal";
import { eventsRunningHere } from "@/lib/webhooks/ingest/events-running-here";
import { replayJournal } from "@/lib/webhooks/ingest/replay-journal";

// Which open entries a pass takes (any this process is writing right now are always left alone):
// - a server that owns its embedded database (DATA_DIR) is its only process: every entry is
//   unfinished (its effects failed, or a previous process died), so a pass takes them all;
// - the embedded adapter reached through MONGODB_URI is meant for one server too, yet another
//   process may share the database (a second server started by hand or by a test, a tool): a pass
//   takes what this process opened, what was opened before it started (the start's own pass takes
//   all of that), and another process's entry once older than `settleMs` (JOURNAL_REPLAY_AFTER_MS).
//   Taking those younger ones at once replayed deliveries still in flight on the other server and
//   wrote their activity entries twice;
// - the mongodb adapter runs several processes: an entry younger than `settleMs` may be another
//   process's delivery in flight, so passes leave those to their owner.
// Single-node passes come every few seconds, multi-node ones every half `settleMs`.
const SINGLE_NODE_EVERY_MS = 5_000;

export async function startJournalReplay(options: {
  singleNode: boolean;
  /** The process owns its embedded database (DATA_DIR): no other process writes to it. */
  ownsDatabase: boolean;
  settleMs: number;
  log: (line: string) => void;
}): Promise<() => void> {
  const { settleMs, singleNode, ownsDatabase } = options;
  const startedAt = new Date();
  const cutoff = () => new Date(singleNode ? Date.now() : Date.now() - settleMs);
  const take = (entry: JournalEntry) =>
    ownsDatabase ||
    entry.openedBy === eventsRunningHere.processId ||
    entry.openedAt < startedAt ||
    entry.openedAt.getTime() < Date.now() - settleMs;
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
    replayJournal(cutoff(), singleNode ? take : undefined)
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
