import { checkSilentSources } from "@/lib/alerts/check-silent-sources";
import { getLogger } from "@/lib/logger";

/** Runs the silence watch every `everyMs` (never two passes at once); returns its stop. */
export function startSilenceWatch(everyMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    checkSilentSources()
      .catch((error: unknown) => getLogger().warn({ err: error }, "the silence watch failed a pass"))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
