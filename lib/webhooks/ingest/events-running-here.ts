import { setTimeout as delay } from "node:timers/promises";
import { services } from "@/lib/services/registry";

// Events whose record or effects this process is writing, by journal entry, from before the
// record's write until every effect has settled (answered or not): a retry of one waits for them
// instead of replaying them beside it, the journal's replay leaves them alone, and a stopping
// server waits for them before it closes the database, so a graceful stop loses none. Kept in the
// services registry: the test webhook runs in Next's bundle, the hot path in server.ts.
const running = () => services().eventsRunning;

export const eventsRunningHere = {
  /** Tags the journal entries this process opens (lib/storage/ports/effect-journal.ts). */
  get processId(): string {
    return services().processId;
  },
  /** Settles when this process has finished the event's effects; undefined when it is not running here. */
  get: (id: string): Promise<void> | undefined => running().get(id),
  has: (id: string): boolean => running().has(id),
  /**
   * Records when events start running here (a request, a retry, a replay) until `stop`: a replay
   * pass that listed an event before it started here must leave it to its next pass, whose reading
   * of the activity log comes after that run's writes (one read before it wrote an activity entry
   * twice). Only while a pass runs: a busy server starts hundreds of events a second.
   */
  watchStarts(): { ranSince(id: string, since: number): boolean; stop(): void } {
    const started = new Map<string, number>();
    services().startWatches.add(started);
    return {
      ranSince: (id, since) => (started.get(id) ?? Number.NEGATIVE_INFINITY) >= since,
      stop: () => {
        services().startWatches.delete(started);
      },
    };
  },
  /** Marks the event as running here until the returned function is called. */
  start(id: string): () => void {
    const now = Date.now();
    for (const watch of services().startWatches) watch.set(id, now);
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
