import { services } from "@/lib/services/registry";

// Events whose effects this process is writing, by journal entry: a retry of one waits for them
// instead of replaying them beside it, and the journal's replay leaves them alone. Kept in the
// services registry: the test webhook runs in Next's bundle, the hot path in server.ts.
const running = () => services().eventsRunning;

export const eventsRunningHere = {
  /** Settles when this process has finished the event's effects; undefined when it is not running here. */
  get: (id: string): Promise<void> | undefined => running().get(id),
  has: (id: string): boolean => running().has(id),
  /** Marks the event as running here until the returned function is called. */
  start(id: string): () => void {
    let finished = () => {};
    running().set(
      id,
      new Promise<void>((resolve) => {
        finished = resolve;
      }),
    );
    return () => {
      running().delete(id);
      finished();
    };
  },
};
