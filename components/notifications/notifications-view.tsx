"use client";

import { AlarmClock, Archive, ArchiveRestore, ArrowUp, Bell, CheckCheck, Filter } from "lucide-react";
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { IconButton, NotificationBody, TypeIcon, typeLooks } from "@/components/notifications/notification-meta";
import { useCenterSnapshot, useNotificationCenter } from "@/components/notifications/notification-provider";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSelect, ListError, ListSkeleton } from "@/components/ui/list-states";
import { listNotifications, type NotificationItem } from "@/lib/notifications/client/api";
import {
  filtersToParams,
  type InboxTab,
  inboxTabs,
  matchesFilters,
  type PageFilters,
  snoozeChoices,
} from "@/lib/notifications/client/filters";
import { notificationPriorities, notificationTypes } from "@/lib/notifications/schemas";

const PAGE = 25;

type ListState =
  | { phase: "loading" }
  | { phase: "error"; message: string }
  | { phase: "ready"; items: NotificationItem[]; nextCursor: string | null };

/** Runs `work` over the ids a few at a time: bulk actions without a bulk endpoint, without a request storm. */
async function inBatches(ids: string[], work: (id: string) => Promise<unknown>): Promise<number> {
  let failed = 0;
  for (let i = 0; i < ids.length; i += 4) {
    const results = await Promise.allSettled(ids.slice(i, i + 4).map(work));
    failed += results.filter((r) => r.status === "rejected").length;
  }
  return failed;
}

export function NotificationsView({ initialFilters }: { initialFilters: PageFilters }) {
  const center = useNotificationCenter();
  const { unreadCount } = useCenterSnapshot();
  const [filters, setFilters] = useState(initialFilters);
  const [list, setList] = useState<ListState>({ phase: "loading" });
  const [loadingMore, setLoadingMore] = useState(false);
  const [pending, setPending] = useState<NotificationItem[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const tenantId = center?.tenantId;

  useEffect(() => {
    if (!tenantId) return;
    const controller = new AbortController();
    setList({ phase: "loading" });
    setPending([]);
    setSelected(new Set());
    listNotifications(tenantId, queryFor(filters, null), controller.signal)
      .then((page) => setList({ phase: "ready", items: page.notifications, nextCursor: page.nextCursor }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ phase: "error", message: error instanceof Error ? error.message : "Failed" });
      });
    window.history.replaceState(null, "", `?${filtersToParams(filters)}`.replace(/\?$/, window.location.pathname));
    return () => controller.abort();
  }, [tenantId, filters]);

  const patchItems = useCallback((change: (item: NotificationItem) => NotificationItem | null) => {
    setList((state) =>
      state.phase === "ready"
        ? { ...state, items: state.items.map(change).filter((item): item is NotificationItem => item !== null) }
        : state,
    );
  }, []);

  // Live changes: new ones wait behind the "N new" pill so the list never moves under the reader;
  // read/dismissed changes from any tab apply in place.
  useEffect(() => {
    if (!center) return;
    return center.onEvent((event) => {
      if (event.kind === "live" || event.kind === "caught-up") {
        const incoming = event.kind === "live" ? [event.notification] : event.notifications;
        const fresh = incoming.filter((item) => matchesFilters(item, filtersRef.current));
        if (fresh.length > 0) setPending((queued) => [...fresh.filter((f) => !queued.some((q) => q.id === f.id)), ...queued]);
      } else if (event.kind === "updated") {
        const { id, isRead, isDismissed, snoozedUntil } = event;
        // Archived or snoozed leaves the inbox's tabs; unarchived leaves Archived, woken leaves Snoozed.
        const tab = filtersRef.current.tab;
        const leaves = isDismissed !== (tab === "archived") || (snoozedUntil !== null) !== (tab === "snoozed");
        patchItems((item) => (item.id !== id ? item : leaves ? null : { ...item, isRead, isDismissed }));
        setPending((queued) => queued.filter((item) => !(item.id === id && isDismissed)));
      } else if (event.kind === "marked-read") {
        patchItems((item) => ({ ...item, isRead: true }));
      } else if (event.kind === "woke" && filtersRef.current.tab === "snoozed") {
        // A snoozed one is back: it leaves this list (the other tabs keep their place; it is in the bell).
        setFilters((current) => ({ ...current }));
      }
    });
  }, [center, patchItems]);

  const showPending = () => {
    setList((state) => {
      if (state.phase !== "ready") return state;
      const known = new Set(state.items.map((item) => item.id));
      const newest = [...pending].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).filter((item) => !known.has(item.id));
      return { ...state, items: [...newest, ...state.items] };
    });
    setPending([]);
    window.scrollTo({ top: 0, behavior: "smooth" });
  };

  const loadMore = async () => {
    if (!tenantId || list.phase !== "ready" || !list.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await listNotifications(tenantId, queryFor(filters, list.nextCursor));
      setList((state) => {
        if (state.phase !== "ready") return state;
        const known = new Set(state.items.map((item) => item.id));
        return {
          ...state,
          items: [...state.items, ...page.notifications.filter((item) => !known.has(item.id))],
          nextCursor: page.nextCursor,
        };
      });
    } catch {
      toast.error("Could not load more notifications");
    } finally {
      setLoadingMore(false);
    }
  };

  const apply = async (ids: string[], change: "read" | "unread" | "archive" | "unarchive" | { snoozeUntil: Date | null }) => {
    if (!center || ids.length === 0) return;
    setBusy(true);
    const failed = await inBatches(ids, async (id) => {
      if (typeof change === "object") {
        await center.snooze(id, change.snoozeUntil);
        patchItems((item) => (item.id !== id ? item : null));
        return;
      }
      if (change === "archive" || change === "unarchive") {
        await center.dismiss(id, change === "archive");
        // Either way it leaves the tab it was in.
        patchItems((item) => (item.id !== id ? item : null));
        return;
      }
      await center.markRead(id, change === "read");
      patchItems((item) => (item.id !== id ? item : { ...item, isRead: change === "read" }));
    });
    setBusy(false);
    setSelected(new Set());
    if (failed > 0) toast.error(`${failed} of ${ids.length} could not be updated`);
  };

  const markAll = async () => {
    if (!center) return;
    setBusy(true);
    try {
      await center.markAllRead();
      patchItems((item) => ({ ...item, isRead: true }));
    } catch {
      toast.error("Could not mark all as read");
    } finally {
      setBusy(false);
    }
  };

  const items = list.phase === "ready" ? list.items : [];
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const filtered = Boolean(filters.type || filters.priority);
  const archived = filters.tab === "archived";

  return (
    <>
      <PageHeader
        title="Notifications"
        description={unreadCount === null ? "Everything your store has told you." : `${unreadCount} unread`}
        actions={
          <Button variant="secondary" onClick={() => void markAll()} disabled={busy || !unreadCount}>
            <CheckCheck aria-hidden className="size-4" />
            Mark all read
          </Button>
        }
      />

      <InboxTabs
        tab={filters.tab}
        unreadCount={unreadCount}
        disabled={busy}
        onChange={(tab) => setFilters({ ...filters, tab })}
      />

      <div role="tabpanel" id="inbox-panel" aria-labelledby={`inbox-tab-${filters.tab}`}>
        {/* Held while a bulk action runs: a list fetched half-way would show a half-applied state. */}
        <fieldset
          disabled={busy}
          className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 sm:p-4"
        >
          <legend className="sr-only">Filters</legend>
          <Filter aria-hidden className="mb-2 hidden size-4 text-slate-400 sm:block" />
          <FilterSelect
            label="Type"
            value={filters.type ?? ""}
            options={notificationTypes.map((type) => [type, typeLooks[type].label])}
            onChange={(value) => setFilters({ ...filters, type: (value || undefined) as PageFilters["type"] })}
          />
          <FilterSelect
            label="Priority"
            value={filters.priority ?? ""}
            options={notificationPriorities.map((priority) => [priority, priority[0]?.toUpperCase() + priority.slice(1)])}
            onChange={(value) => setFilters({ ...filters, priority: (value || undefined) as PageFilters["priority"] })}
          />
          {filtered ? (
            <Button variant="ghost" className="shadow-none" onClick={() => setFilters({ tab: filters.tab })}>
              Clear filters
            </Button>
          ) : null}
        </fieldset>

        <div aria-live="polite" className="sticky top-2 z-10 flex justify-center empty:hidden">
          {pending.length > 0 ? (
            <button
              type="button"
              onClick={showPending}
              className="mb-3 inline-flex items-center gap-1.5 rounded-full bg-indigo-600 px-4 py-1.5 text-sm font-semibold text-white shadow-md hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              <ArrowUp aria-hidden className="size-4" />
              {pending.length} new
            </button>
          ) : null}
        </div>

        {list.phase === "loading" ? (
          <ListSkeleton label="Loading notifications…" />
        ) : list.phase === "error" ? (
          <ListError
            title="Could not load notifications."
            message={list.message}
            // A fresh copy of the same filters loads the list again.
            onRetry={() => setFilters({ ...filters })}
          />
        ) : items.length === 0 ? (
          <EmptyState icon={archived ? Archive : Bell} title={emptyTitle(filters.tab, filtered)}>
            {filtered
              ? "Try another type or priority, or another tab."
              : filters.tab === "snoozed"
                ? "Snooze a notification to hide it until later: it comes back unread when its time comes."
                : filters.tab === "archived"
                  ? "Archive what you are done with: it leaves your inbox and waits here, where you can bring it back."
                  : filters.tab === "unread"
                    ? "Nothing waits for you. New orders, failed payments and alerts show up here as they arrive."
                    : "Everything your store tells you — new orders, failed payments, low-stock alerts — lands here."}
          </EmptyState>
        ) : (
          <div className="overflow-hidden rounded-xl border border-slate-200 bg-white">
            <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2">
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((item) => item.id)))}
                  className="size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                />
                {selected.size > 0 ? `${selected.size} selected` : "Select all"}
              </label>
              {selected.size > 0 ? (
                <div className="ml-auto flex gap-2">
                  <Button variant="secondary" disabled={busy} onClick={() => void apply([...selected], "read")}>
                    Mark read
                  </Button>
                  <Button
                    variant="secondary"
                    disabled={busy}
                    onClick={() => void apply([...selected], archived ? "unarchive" : "archive")}
                  >
                    {archived ? "Unarchive" : "Archive"}
                  </Button>
                </div>
              ) : null}
            </div>
            <ul aria-label={listLabel[filters.tab]} className="divide-y divide-slate-100">
              {items.map((item) => (
                <Row
                  key={item.id}
                  item={item}
                  selected={selected.has(item.id)}
                  busy={busy}
                  onSelect={() => toggle(item.id)}
                  onToggleRead={() => void apply([item.id], item.isRead ? "unread" : "read")}
                  archived={archived}
                  onArchive={() => void apply([item.id], archived ? "unarchive" : "archive")}
                  onSnooze={(until) => void apply([item.id], { snoozeUntil: until })}
                />
              ))}
            </ul>
            {list.nextCursor ? (
              <div className="border-t border-slate-200 p-3 text-center">
                <Button variant="secondary" disabled={loadingMore} onClick={() => void loadMore()}>
                  {loadingMore ? "Loading…" : "Load more"}
                </Button>
              </div>
            ) : null}
          </div>
        )}
      </div>
    </>
  );
}

const listLabel = {
  all: "All notifications",
  unread: "Unread notifications",
  snoozed: "Snoozed notifications",
  archived: "Archived notifications",
};

function emptyTitle(tab: InboxTab, filtered: boolean) {
  if (filtered) return "Nothing matches these filters";
  if (tab === "snoozed") return "Nothing snoozed";
  return tab === "archived" ? "Nothing archived" : tab === "unread" ? "All caught up" : "No notifications yet";
}

/** All / Unread / Archived, as a tab list (arrow keys move between tabs, as WAI-ARIA's pattern says). */
function InboxTabs({
  tab,
  unreadCount,
  disabled,
  onChange,
}: {
  tab: InboxTab;
  unreadCount: number | null;
  disabled: boolean;
  onChange: (tab: InboxTab) => void;
}) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const labels: Record<InboxTab, string> = { all: "All", unread: "Unread", snoozed: "Snoozed", archived: "Archived" };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step || disabled) return;
    event.preventDefault();
    const next = inboxTabs[(inboxTabs.indexOf(tab) + step + inboxTabs.length) % inboxTabs.length] as InboxTab;
    onChange(next);
    refs.current[inboxTabs.indexOf(next)]?.focus();
  };
  return (
    <div role="tablist" aria-label="Inbox" onKeyDown={onKeyDown} className="mb-4 flex gap-1 border-b border-slate-200">
      {inboxTabs.map((name, index) => (
        <button
          key={name}
          ref={(element) => {
            refs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={`inbox-tab-${name}`}
          aria-selected={tab === name}
          aria-controls="inbox-panel"
          tabIndex={tab === name ? 0 : -1}
          // Not `disabled` while a bulk action runs: that would drop the keyboard's focus to the page.
          aria-disabled={disabled || undefined}
          onClick={() => {
            if (!disabled) onChange(name);
          }}
          className={`-mb-px flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 ${
            tab === name ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"
          }`}
        >
          {labels[name]}
          {name === "unread" && unreadCount ? (
            <span className="rounded-full bg-indigo-100 px-1.5 text-xs font-semibold text-indigo-700">{unreadCount}</span>
          ) : null}
        </button>
      ))}
    </div>
  );
}

function queryFor(filters: PageFilters, cursor: string | null) {
  return {
    limit: PAGE,
    cursor,
    includeRead: filters.tab !== "unread",
    onlyDismissed: filters.tab === "archived",
    onlySnoozed: filters.tab === "snoozed",
    type: filters.type ? [filters.type] : undefined,
    priority: filters.priority ? [filters.priority] : undefined,
  };
}

function Row({
  item,
  selected,
  busy,
  onSelect,
  onToggleRead,
  archived,
  onArchive,
  onSnooze,
}: {
  item: NotificationItem;
  selected: boolean;
  busy: boolean;
  onSelect: () => void;
  onToggleRead: () => void;
  archived: boolean;
  onArchive: () => void;
  onSnooze: (until: Date | null) => void;
}) {
  return (
    <li className={`flex gap-3 px-4 py-3 ${item.isRead ? "" : "bg-indigo-50/40"}`}>
      <input
        type="checkbox"
        checked={selected}
        onChange={onSelect}
        aria-label={`Select "${item.title}"`}
        className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
      />
      <TypeIcon type={item.type} />
      <div className="min-w-0 flex-1">
        <NotificationBody item={item} />
        {item.snoozedUntil ? (
          <p className="mt-1 flex items-center gap-1 text-xs text-slate-600">
            <AlarmClock aria-hidden className="size-3.5" />
            Snoozed until {new Date(item.snoozedUntil).toLocaleString()}
          </p>
        ) : null}
      </div>
      <div className="flex shrink-0 flex-col items-end gap-1 sm:flex-row sm:items-start">
        {archived ? null : item.snoozedUntil ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => onSnooze(null)}
            aria-label={`Wake now: ${item.title}`}
            className="rounded-md px-2 py-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:text-slate-400"
          >
            Wake now
          </button>
        ) : (
          <select
            aria-label={`Snooze "${item.title}"`}
            disabled={busy}
            value=""
            onChange={(event) => {
              const choice = snoozeChoices(new Date()).find((c) => c.label === event.target.value);
              if (choice) onSnooze(choice.until);
            }}
            className="rounded-md border-0 bg-transparent py-1 pl-2 pr-7 text-xs font-medium text-indigo-600 ring-1 ring-inset ring-slate-200 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:text-slate-400"
          >
            <option value="" disabled>
              Snooze…
            </option>
            {snoozeChoices(new Date()).map((choice) => (
              <option key={choice.label} value={choice.label}>
                {choice.label}
              </option>
            ))}
          </select>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={onToggleRead}
          aria-label={`${item.isRead ? "Mark unread" : "Mark read"}: ${item.title}`}
          className="rounded-md px-2 py-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:text-slate-400"
        >
          {item.isRead ? "Mark unread" : "Mark read"}
        </button>
        <IconButton
          icon={archived ? ArchiveRestore : Archive}
          disabled={busy}
          onClick={onArchive}
          aria-label={`${archived ? "Unarchive" : "Archive"} "${item.title}"`}
        />
      </div>
    </li>
  );
}
