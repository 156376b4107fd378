"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { LogPage } from "@/lib/webhook-settings/client/api";

type Row = { id: string };

/**
 * A deliveries log's pages under the current filters: the first page (again whenever the filters
 * change), older pages on demand, and a live refresh that merges the newest page into what is
 * shown so older pages a reader has opened stay. A slower, older answer never overwrites a newer
 * one: first pages by their own count, older pages by the list they were asked for (`version`,
 * bumped whenever the rows are replaced), so a live refresh does not cancel "Load older".
 */
export function useLogPages<T extends Row>(fetchPage: (cursor: string | null) => Promise<LogPage<T>>) {
  const [rows, setRows] = useState<T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const version = useRef(0);
  const olderLoaded = useRef(false);
  // What is shown, for the merges (read outside a state updater, which must stay pure).
  const shownRows = useRef<T[] | null>(null);
  const show = useCallback((next: T[]) => {
    shownRows.current = next;
    setRows(next);
  }, []);

  const replace = useCallback(
    (page: LogPage<T>) => {
      version.current += 1;
      olderLoaded.current = false;
      show(page.deliveries);
      setNextCursor(page.nextCursor);
    },
    [show],
  );

  const load = useCallback(
    async (merge: boolean) => {
      const request = ++latest.current;
      setLoading(true);
      try {
        const page = await fetchPage(null);
        if (request !== latest.current) return;
        const fresh = new Set(page.deliveries.map((row) => row.id));
        const shown = shownRows.current ?? [];
        // More arrived than a page holds when the newest page does not reach what is shown:
        // merging would leave a gap, so the list starts again from it.
        if (!merge || !olderLoaded.current || (page.nextCursor && !shown.some((row) => fresh.has(row.id)))) replace(page);
        // New rows on top; the older pages shown stay below, with their cursor.
        else show([...page.deliveries, ...shown.filter((row) => !fresh.has(row.id))]);
        setError(null);
      } catch (caught) {
        if (request === latest.current) setError(caught instanceof Error ? caught.message : "Could not load deliveries");
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [fetchPage, replace, show],
  );

  useEffect(() => {
    // Other filters: what is shown, and its cursor, belong to the list that was; a refresh that
    // comes first replaces it rather than merging into it.
    version.current += 1;
    olderLoaded.current = false;
    setNextCursor(null);
    void load(false);
  }, [load]);

  const loadOlder = useCallback(async () => {
    if (!nextCursor) return;
    const asked = version.current;
    setLoadingOlder(true);
    try {
      const page = await fetchPage(nextCursor);
      // The list was replaced meanwhile (other filters, or a refresh that started it again).
      if (asked !== version.current) return;
      olderLoaded.current = true;
      const shown = shownRows.current ?? [];
      const ids = new Set(shown.map((row) => row.id));
      show([...shown, ...page.deliveries.filter((row) => !ids.has(row.id))]);
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Could not load older deliveries");
    } finally {
      setLoadingOlder(false);
    }
  }, [fetchPage, nextCursor, show]);

  // Stable between renders (for the filters), so a live subscription is not made again each render.
  const reload = useCallback(() => load(false), [load]);
  const refresh = useCallback(() => load(true), [load]);
  return { rows, nextCursor, loading, loadingOlder, error, reload, refresh, loadOlder };
}
