"use client";

import type { ReactNode } from "react";
import { RANGE_LABELS } from "@/components/insights/chart-format";
import { ListError, ListSkeleton } from "@/components/ui/list-states";
import type { Resource } from "@/components/ui/use-live-resource";
import type { InsightRange } from "@/lib/insights/schemas";

/**
 * A set of charts as their figures load: a skeleton, an error with a retry, or the charts. Another
 * period's figures stay on screen, dimmed and marked busy, until the chosen one's arrive.
 */
export function ChartsState<T extends { range: InsightRange }>({
  state,
  range,
  what,
  onRetry,
  children,
}: {
  state: Resource<T>;
  range: InsightRange;
  what: string;
  onRetry: () => void;
  children: (value: T) => ReactNode;
}) {
  if (state.phase === "loading") return <ListSkeleton label={`Loading ${what}…`} />;
  if (state.phase === "error")
    return <ListError title={`${capital(what)} could not be loaded.`} message={state.message} onRetry={onRetry} />;
  const stale = state.value.range !== range;
  return (
    <div aria-busy={stale} className={stale ? "opacity-50" : undefined}>
      {stale ? <p className="sr-only">Loading the last {RANGE_LABELS[range]}…</p> : null}
      {children(state.value)}
    </div>
  );
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
