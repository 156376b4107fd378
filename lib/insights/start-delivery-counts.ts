import { flushDeliveryCounts } from "@/lib/insights/flush-delivery-counts";
import { getLogger } from "@/lib/logger";

/** Flushes the delivery counts every `everyMs` (never two flushes at once); returns a stop that flushes what is left. */
export function startDeliveryCounts(everyMs: number): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const flush = () => {
    running ??= flushDeliveryCounts()
      .catch((error: unknown) => getLogger().warn({ err: error }, "could not flush delivery counts"))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void flush(), everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    await flush();
  };
}
