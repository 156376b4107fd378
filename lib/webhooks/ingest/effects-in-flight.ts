import { setTimeout as delay } from "node:timers/promises";
import { getLogger } from "@/lib/logger";

// The effects a delivery finishes after its answer (handle-event.ts): a stopping server waits
// for them before it closes the database, so a graceful stop loses none.
const inFlight = new Set<Promise<unknown>>();

/** Runs `effects` past the answer: tracked for shutdown, and its failure logged, never thrown. */
export function finishAfterAnswer(effects: Promise<unknown>, context: Record<string, unknown>): void {
  const tracked = effects.catch((error: unknown) =>
    getLogger().error({ err: error, ...context }, "a delivery's effects were not all stored"),
  );
  inFlight.add(tracked);
  void tracked.finally(() => inFlight.delete(tracked));
}

/** Resolves once every effect started so far has settled, or after `timeoutMs`. */
export async function settleEffectsInFlight(timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (inFlight.size > 0 && Date.now() < deadline) {
    await Promise.race([Promise.allSettled([...inFlight]), delay(Math.max(0, deadline - Date.now()), undefined, { ref: false })]);
  }
}
