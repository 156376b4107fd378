import { getLogger } from "@/lib/logger";
import { outboundRuntime } from "@/lib/outbound/outbound-runtime";
import type { JournalEntry } from "@/lib/storage/ports/effect-journal";
import { eventsRunningHere } from "@/lib/webhooks/ingest/events-running-here";
import { replayJournal } from "@/lib/webhooks/ingest/replay-journal";

// Which open entries a pass takes (any this process is writing right now are always left alone):
// - a server that owns its embedded database (DATA_DIR) is its only process: every entry is
//   unfinished (its effects failed, or a previous process died), so a pass takes them all;
// - the embedded adapter reached through MONGODB_URI is meant for one server too, yet another
//   process may share the database (a second server started by hand or by a test, a tool): a pass,
//   the one at start included, takes what this process opened, what was opened at least a few
//   seconds before it started (a previous process's, which a restart must not leave for long), and
//   any other entry (one naming no process too: an older version may still be writing it) once older than
//   `settleMs` (JOURNAL_REPLAY_AFTER_MS). Taking another live process's young entries replayed its
//   deliveries in flight and wrote their activity twice;
// - the mongodb adapter runs several processes: an entry younger than `settleMs` may be another
//   process's delivery in flight, so passes leave those to their owner.
// Single-node passes come every few seconds, multi-node ones every half `settleMs`.
const SINGLE_NODE_EVERY_MS = 5_000;
// How long before a start an entry must have been opened for that start to take it from a process
// that may still be alive (at most `settleMs`).
const START_GRACE_MS = 3_000;

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
  const graceMs = Math.min(settleMs, START_GRACE_MS);
  const take = (entry: JournalEntry) =>
    ownsDatabase ||
    entry.openedBy === eventsRunningHere.processId ||
    entry.openedAt.getTime() < startedAt.getTime() - graceMs ||
    entry.openedAt.getTime() < Date.now() - settleMs;
  const first = await replayJournal(cutoff(), singleNode ? take : undefined);
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
