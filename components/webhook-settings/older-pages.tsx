"use client";

import { Button } from "@/components/ui/button";

/**
 * Below a deliveries log: the button to the next page while there is one. A page can come back
 * short or empty with more to read (a filter that matched little of what one request reads), so
 * an empty list with a cursor says so and offers to search further back.
 */
export function OlderPages({
  log,
  empty,
}: {
  log: { rows: unknown[] | null; nextCursor: string | null; loadingOlder: boolean; loadOlder: () => Promise<void> };
  empty: string;
}) {
  if (!log.rows || !log.nextCursor) return null;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3">
      {log.rows.length === 0 ? <p className="text-sm text-slate-600">{empty}</p> : null}
      <Button variant="secondary" disabled={log.loadingOlder} onClick={() => void log.loadOlder()}>
        {log.loadingOlder ? "Loading…" : log.rows.length === 0 ? "Search older deliveries" : "Load older deliveries"}
      </Button>
    </div>
  );
}
