import { setTimeout as delay } from "node:timers/promises";
import { services } from "@/lib/services/registry";

// Events whose record or effects this process is writing, by journal entry, from before the
// record's write until every effect has settled (answered or not): a retry of one waits for them
// instead of replaying them beside it, the journal's replay leaves them alone, and a stopping
// server waits for them before it closes the database, so a graceful stop loses none. Kept in the
// services registry: the test webhook runs in Next's bundle, the hot path in server.ts.
const running = () => services().eventsRunning;
// Long enough for any replay pass that listed an event before it ran here to reach it.
const STARTS_KEPT_MS = 10 * 60_000;

export const eventsRunningHere = {
  /** Tags the journal entries this process opens (lib/storage/ports/effect-journal.ts). */
  get processId(): string {
    return services().processId;
  },
  /** Settles when this process has finished the event's effects; undefined when it is not running here. */
  get: (id: string): Promise<void> | undefined => running().get(id),
  has: (id: string): boolean => running().has(id),
  /**
   * Whether the event started running here (a request, a retry, a replay) at or after `since`: a
   * replay pass that listed it before then must leave it to its next pass, whose reading of the
   * activity log comes after that run's writes (one read before it wrote an activity entry twice).
   */
  ranSince(id: string, since: number): boolean {
    return (services().eventsStarted.get(id) ?? Number.NEGATIVE_INFINITY) >= since;
  },
  /** Marks the event as running here until the returned function is called. */
  start(id: string): () => void {
    const started = services().eventsStarted;
    const now = Date.now();
    started.delete(id);
    started.set(id, now);
    for (const [old, at] of started) {
      if (at > now - STARTS_KEPT_MS) break;
      started.delete(old);
    }
    let finished = () => {};
    const promise = new Promise<void>((resolve) => {
      finished = resolve;
    });
    running().set(id, promise);
    return () => {
      // A retry that took over the entry since is its own to finish.
      if (running().get(id) === promise) running().delete(id);
      finished();
    };
  },
  /** Resolves once every event running so far has finished, or after `timeoutMs`. */
  async settle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (running().size > 0 && Date.now() < deadline) {
      await Promise.race([
        Promise.all([...running().values()]),
        delay(Math.max(0, deadline - Date.now()), undefined, { ref: false }),
      ]);
    }
  },
};
