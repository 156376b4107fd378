import { getLogger } from "@/lib/logger";

const DAY_MS = 86_400_000;

/**
 * Runs the embedded adapter's retirement of old per-day collections a minute after start and then
 * once a day (never holding the process open). Returns the stop function.
 */
export function startDailyUpkeep(retire: () => Promise<number>): () => void {
  const run = () =>
    void retire().then(
      (dropped) => {
        if (dropped > 0) getLogger().info({ dropped }, "retired old dashboard day buckets, delivery counts and log pages");
      },
      (error: unknown) =>
        getLogger().warn({ err: error }, "could not retire old dashboard day buckets, delivery counts or log pages"),
    );
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, DAY_MS);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
