"use client";

import { Download, Filter, Search, ShoppingBag, X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useLiveRefresh } from "@/components/dashboard/use-live-refresh";
import { OrdersTable } from "@/components/orders/orders-table";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { DateInput, FilterSelect, ListError, ListSkeleton } from "@/components/ui/list-states";
import { downloadOrdersCsv, fetchOrders } from "@/lib/orders/client/api";
import { type OrderPageFilters, orderFiltersToParams, orderFiltersToQuery } from "@/lib/orders/client/filters";
import type { OrderListRow } from "@/lib/orders/list-orders";
import { orderStatuses, paymentStatuses } from "@/lib/webhooks/schemas";

type ListState =
  | { phase: "loading" }
  | { phase: "error"; message: string }
  | { phase: "ready"; orders: OrderListRow[]; nextCursor: string | null; fresh: Set<string>; refresh: number };

export type SourceOption = { id: string; name: string; type: string };

const capitalized = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);
const statusOptions = orderStatuses.map((status) => [status, capitalized(status)] as [string, string]);
const paymentOptions: Array<[string, string]> = [
  ...paymentStatuses.map((status) => [status, capitalized(status)] as [string, string]),
  ["none", "No payment yet"],
];

/**
 * Every order of the tenant, newest first: search, filters kept in the address, pages on demand,
 * new and changed orders live, and the filtered list as a CSV download.
 */
export function OrdersView({
  tenantId,
  initialFilters,
  sources,
}: {
  tenantId: string;
  initialFilters: OrderPageFilters;
  sources: SourceOption[];
}) {
  const [filters, setFilters] = useState(initialFilters);
  const [search, setSearch] = useState(initialFilters.q ?? "");
  const [list, setList] = useState<ListState>({ phase: "loading" });
  const [loadingMore, setLoadingMore] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const inFlight = useRef<AbortController | null>(null);
  // Bumped by every first-page load: a "Load more" answer for an older list is dropped.
  const generation = useRef(0);
  const sourceName = new Map(sources.map((source) => [source.id, source.name]));

  /** The first page; a live refresh keeps the pages already loaded below it and marks what is new. */
  const loadFirst = useCallback(
    async (live: boolean) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      generation.current += 1;
      if (!live) setList({ phase: "loading" });
      try {
        const page = await fetchOrders(tenantId, orderFiltersToQuery(filters), controller.signal);
        setList((current) => {
          if (!live || current.phase !== "ready") return { phase: "ready", ...page, fresh: new Set(), refresh: 0 };
          const known = new Set(current.orders.map((order) => order.id));
          const fresh = new Set(page.orders.filter((order) => !known.has(order.id)).map((order) => order.id));
          const firstIds = new Set(page.orders.map((order) => order.id));
          const lastShown = page.orders.at(-1);
          // Rows already loaded past the first page stay, below it, when the first page ends before them.
          const below =
            page.nextCursor && lastShown
              ? current.orders.filter((order) => isOlder(order, lastShown) && !firstIds.has(order.id))
              : [];
          const deeper = below.length > 0;
          return {
            phase: "ready",
            orders: [...page.orders, ...below],
            nextCursor: deeper ? current.nextCursor : page.nextCursor,
            fresh,
            refresh: current.refresh + 1,
          };
        });
      } catch (error) {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : "Failed";
        // A live refresh that fails keeps the list shown; one that replaced a first load says why.
        setList((current) => (live && current.phase === "ready" ? current : { phase: "error", message }));
      }
    },
    [tenantId, filters],
  );

  useEffect(() => {
    void loadFirst(false);
    const query = orderFiltersToParams(filters).toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
    return () => inFlight.current?.abort();
  }, [loadFirst, filters]);
  useLiveRefresh(() => void loadFirst(true));
  // Screen readers hear how many orders each live refresh brought.
  const [refreshed, freshCount] = list.phase === "ready" ? [list.refresh, list.fresh.size] : [0, 0];
  useEffect(() => {
    // The same words twice in a row would not be read again: every other one ends in a no-break space.
    if (refreshed > 0 && freshCount > 0)
      setAnnouncement(`${freshCount} new order${freshCount === 1 ? "" : "s"}${refreshed % 2 ? "\u00a0" : ""}`);
  }, [refreshed, freshCount]);

  // The search box applies what was typed once typing pauses.
  useEffect(() => {
    const typed = search.trim() || undefined;
    if (typed === filters.q) return;
    const timer = setTimeout(() => setFilters((current) => ({ ...current, q: typed })), 300);
    return () => clearTimeout(timer);
  }, [search, filters.q]);

  const loadMore = async () => {
    if (list.phase !== "ready" || !list.nextCursor) return;
    setLoadingMore(true);
    const asked = generation.current;
    try {
      const query = orderFiltersToQuery(filters);
      query.set("cursor", list.nextCursor);
      const page = await fetchOrders(tenantId, query);
      if (asked !== generation.current) return;
      setList((state) => {
        if (state.phase !== "ready") return state;
        const shown = new Set(state.orders.map((order) => order.id));
        const more = page.orders.filter((order) => !shown.has(order.id));
        return { ...state, orders: [...state.orders, ...more], nextCursor: page.nextCursor };
      });
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not load more orders");
    } finally {
      setLoadingMore(false);
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadOrdersCsv(tenantId, orderFiltersToQuery(filters));
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not export the orders");
    } finally {
      setExporting(false);
    }
  };

  const set = (change: Partial<OrderPageFilters>) => setFilters((current) => ({ ...current, ...change }));
  const filtered = Boolean(filters.q || filters.status || filters.paymentStatus || filters.source || filters.from || filters.to);
  const fromOf = (order: OrderListRow) =>
    order.sourceId ? (sourceName.get(order.sourceId) ?? capitalized(order.platform ?? "Removed source")) : "Webhook API";

  return (
    <>
      <PageHeader
        title="Orders"
        description="Every order your platforms have sent, newest first. Search, filter, and export what you see."
        actions={
          <Button variant="secondary" onClick={() => void exportCsv()} disabled={exporting || list.phase !== "ready"}>
            <Download aria-hidden className="size-4" />
            {exporting ? "Exporting…" : "Export CSV"}
          </Button>
        }
      />
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>

      <fieldset className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 sm:p-4">
        <legend className="sr-only">Filters</legend>
        <div className="flex min-w-56 flex-[2] flex-col gap-1">
          <label htmlFor="orders-search" className="text-xs font-medium text-slate-600">
            Search
          </label>
          <div className="relative">
            <Search aria-hidden className="pointer-events-none absolute top-2 left-2.5 size-4 text-slate-400" />
            <input
              id="orders-search"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder="Order number, customer, email or platform id"
              className="w-full rounded-md border-0 bg-white py-1.5 pr-2.5 pl-8 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
            />
          </div>
        </div>
        <Filter aria-hidden className="mb-2 hidden size-4 text-slate-400 sm:block" />
        <FilterSelect
          label="Status"
          value={filters.status ?? ""}
          options={statusOptions}
          allLabel="Any status"
          onChange={(value) => set({ status: (value || undefined) as OrderPageFilters["status"] })}
        />
        <FilterSelect
          label="Payment"
          value={filters.paymentStatus ?? ""}
          options={paymentOptions}
          allLabel="Any payment"
          onChange={(value) => set({ paymentStatus: (value || undefined) as OrderPageFilters["paymentStatus"] })}
        />
        <FilterSelect
          label="Source"
          value={filters.source ?? ""}
          options={[["direct", "Webhook API"], ...sources.map((source) => [source.id, source.name] as [string, string])]}
          allLabel="Anywhere"
          onChange={(value) => set({ source: value || undefined })}
        />
        <DateInput id="orders-from" label="Since" value={filters.from} max={filters.to} onChange={(from) => set({ from })} />
        <DateInput id="orders-to" label="Until" value={filters.to} min={filters.from} onChange={(to) => set({ to })} />
        {filtered ? (
          <Button
            variant="ghost"
            className="shadow-none"
            onClick={() => {
              setSearch("");
              setFilters({});
            }}
          >
            <X aria-hidden className="size-4" />
            Clear
          </Button>
        ) : null}
      </fieldset>

      {list.phase === "loading" ? (
        <ListSkeleton label="Loading orders…" />
      ) : list.phase === "error" ? (
        <ListError title="Could not load the orders." message={list.message} onRetry={() => void loadFirst(false)} />
      ) : list.orders.length === 0 ? (
        <EmptyState icon={ShoppingBag} title={filtered ? "No order matches" : "No orders yet"}>
          {filtered
            ? "Try other words, another status or a wider date range."
            : "Orders posted to your webhook URLs or sent by your platforms' sources appear here the moment they arrive."}
        </EmptyState>
      ) : (
        <section aria-label="Orders" className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          <OrdersTable
            orders={list.orders.map((order) => ({ ...order, from: fromOf(order) }))}
            fresh={list.fresh}
            label="Orders"
            testId="orders"
            rowTestId="order-row"
          />
          {list.nextCursor ? (
            <div className="border-t border-slate-200 p-3 text-center">
              <Button variant="secondary" disabled={loadingMore} onClick={() => void loadMore()}>
                {loadingMore ? "Loading…" : "Load more"}
              </Button>
            </div>
          ) : (
            <p className="border-t border-slate-100 px-4 py-2 text-center text-xs text-slate-500">
              {list.orders.length} order{list.orders.length === 1 ? "" : "s"}
              {filtered ? " match" : ""}
            </p>
          )}
        </section>
      )}
    </>
  );
}

/** Whether `a` comes after `b` in the list (older, or as old with a smaller id). */
function isOlder(a: OrderListRow, b: OrderListRow): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}
