import { checkSilentSources } from "@/lib/alerts/check-silent-sources";
import { getLogger } from "@/lib/logger";

/** Runs the silence watch every `everyMs` (never two passes at once); returns its stop, which waits for a pass under way. */
export function startSilenceWatch(everyMs: number): () => Promise<void> {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= checkSilentSources()
      .then(
        () => undefined,
        (error: unknown) => getLogger().warn({ err: error }, "the silence watch failed a pass"),
      )
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
