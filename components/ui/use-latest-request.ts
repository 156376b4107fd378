"use client";

import { useCallback, useEffect, useRef } from "react";

/**
 * For a view that refetches (a filter change, a live refresh): each call aborts the request still
 * in flight and gives the signal of the new one, so an older answer can never overwrite a newer
 * one. The last request is aborted when the view goes away.
 */
export function useLatestRequest(): () => AbortSignal {
  const inFlight = useRef<AbortController | null>(null);
  useEffect(() => () => inFlight.current?.abort(), []);
  return useCallback(() => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    return controller.signal;
  }, []);
}
