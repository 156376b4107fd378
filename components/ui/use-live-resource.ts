"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useLatestRequest } from "@/components/ui/use-latest-request";

export type Resource<T> = { phase: "loading" } | { phase: "error"; message: string } | { phase: "ready"; value: T };

/**
 * What a live view shows: `fetcher` is called at once, again whenever it changes (pass a
 * `useCallback`), and on every `load()` (a live refresh, "Try again"); the newest request wins. A
 * refresh that fails keeps the figures on screen while `keep(shown)` says they still fit (a first
 * load, or one for other parameters, shows the error instead).
 */
export function useLiveResource<T>(
  fetcher: (signal: AbortSignal) => Promise<T>,
  keep: (shown: T) => boolean = () => true,
): { state: Resource<T>; load: () => Promise<void> } {
  const [state, setState] = useState<Resource<T>>({ phase: "loading" });
  const nextRequest = useLatestRequest();
  const keepRef = useRef(keep);
  keepRef.current = keep;

  const load = useCallback(async () => {
    const signal = nextRequest();
    try {
      const value = await fetcher(signal);
      // Superseded while its body was read: a newer request's answer is the one to show.
      if (signal.aborted) return;
      setState({ phase: "ready", value });
    } catch (error) {
      if (signal.aborted) return;
      setState((current) =>
        current.phase === "ready" && keepRef.current(current.value)
          ? current
          : { phase: "error", message: error instanceof Error ? error.message : String(error) },
      );
    }
  }, [fetcher, nextRequest]);

  useEffect(() => {
    void load();
  }, [load]);
  return { state, load };
}
