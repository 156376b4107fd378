"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { LogPage } from "@/lib/webhook-settings/client/api";

type Row = { id: string; receivedAt: string };

// Newest first: by time, then the later id first (as the server orders them).
const before = (a: Row, b: Row) => (a.receivedAt === b.receivedAt ? a.id > b.id : a.receivedAt > b.receivedAt);

/**
 * A deliveries log's pages under the current filters: the first page (again whenever the filters
 * change), older pages on demand, and a live refresh that merges the newest page into what is
 * shown so older pages a reader has opened stay. A slower, older answer never overwrites a newer one.
 */
export function useLogPages<T extends Row>(fetchPage: (cursor: string | null) => Promise<LogPage<T>>) {
  const [rows, setRows] = useState<T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const olderLoaded = useRef(false);

  const load = useCallback(
    async (merge: boolean) => {
      const request = ++latest.current;
      setLoading(true);
      try {
        const page = await fetchPage(null);
        if (request !== latest.current) return;
        if (merge && olderLoaded.current) {
          // New rows on top; rows already shown that are older than this page's last stay below it.
          setRows((shown) => {
            const fresh = new Set(page.deliveries.map((row) => row.id));
            const last = page.deliveries.at(-1);
            const kept = (shown ?? []).filter((row) => !fresh.has(row.id) && (!last || before(last, row)));
            return [...page.deliveries, ...kept];
          });
        } else {
          olderLoaded.current = false;
          setRows(page.deliveries);
          setNextCursor(page.nextCursor);
        }
        setError(null);
      } catch (caught) {
        if (request === latest.current) setError(caught instanceof Error ? caught.message : "Could not load deliveries");
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  const loadOlder = useCallback(async () => {
    if (!nextCursor) return;
    const request = latest.current;
    setLoadingOlder(true);
    try {
      const page = await fetchPage(nextCursor);
      // The filters changed meanwhile: this page belongs to the list that was.
      if (request !== latest.current) return;
      olderLoaded.current = true;
      setRows((shown) => {
        const ids = new Set((shown ?? []).map((row) => row.id));
        return [...(shown ?? []), ...page.deliveries.filter((row) => !ids.has(row.id))];
      });
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Could not load older deliveries");
    } finally {
      setLoadingOlder(false);
    }
  }, [fetchPage, nextCursor]);

  return {
    rows,
    nextCursor,
    loading,
    loadingOlder,
    error,
    reload: () => load(false),
    refresh: () => load(true),
    loadOlder,
  };
}
