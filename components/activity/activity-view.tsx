"use client";

import { Activity, Bot, ChevronDown, Filter, KeyRound, RotateCw, Server, User, X } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { ActivityDiff } from "@/components/activity/activity-diff";
import { RelativeTime } from "@/components/notifications/notification-meta";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { DateInput, FilterSelect, ListError, ListSkeleton } from "@/components/ui/list-states";
import { fetchActivity } from "@/lib/activity/client/api";
import { actorGroups, filtersToParams, filtersToQuery, kindGroups, type PageFilters } from "@/lib/activity/client/filters";
import type { ActivityView as Entry } from "@/lib/activity/to-activity-view";

const PAGE = 50;

type ListState =
  | { phase: "loading" }
  | { phase: "error"; message: string }
  | { phase: "ready"; entries: Entry[]; nextCursor: string | null };

export function ActivityView({ tenantId, initialFilters }: { tenantId: string; initialFilters: PageFilters }) {
  const [filters, setFilters] = useState(initialFilters);
  const [list, setList] = useState<ListState>({ phase: "loading" });
  const [loadingMore, setLoadingMore] = useState(false);
  // A fresh object reloads the first page with the same filters (Refresh, Try again).
  const [reload, setReload] = useState({});

  useEffect(() => {
    void reload;
    const controller = new AbortController();
    setList({ phase: "loading" });
    fetchActivity(tenantId, { ...filtersToQuery(filters), limit: PAGE }, controller.signal)
      .then((page) => setList({ phase: "ready", entries: page.entries, nextCursor: page.nextCursor }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ phase: "error", message: error instanceof Error ? error.message : "Failed" });
      });
    const query = filtersToParams(filters).toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
    return () => controller.abort();
  }, [tenantId, filters, reload]);

  const loadMore = async () => {
    if (list.phase !== "ready" || !list.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await fetchActivity(tenantId, { ...filtersToQuery(filters), limit: PAGE, cursor: list.nextCursor });
      setList((state) =>
        state.phase === "ready" ? { ...state, entries: [...state.entries, ...page.entries], nextCursor: page.nextCursor } : state,
      );
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not load more activity");
    } finally {
      setLoadingMore(false);
    }
  };

  const set = (change: Partial<PageFilters>) => setFilters((current) => ({ ...current, ...change }));
  const filtered = Boolean(filters.kind || filters.actor || filters.from || filters.to);
  const [actorType, actorId] = (filters.actor ?? "").split(":");
  const knownKind = kindGroups.some(([value]) => value === filters.kind);

  return (
    <>
      <PageHeader
        title="Activity"
        description="Every webhook received or refused and every change to settings, secrets, members and keys: who, what and when."
        actions={
          <Button variant="secondary" onClick={() => setReload({})} disabled={list.phase === "loading"}>
            <RotateCw aria-hidden className={`size-4 ${list.phase === "loading" ? "animate-spin" : ""}`} />
            Refresh
          </Button>
        }
      />

      <fieldset className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 sm:p-4">
        <legend className="sr-only">Filters</legend>
        <Filter aria-hidden className="mb-2 hidden size-4 text-slate-400 sm:block" />
        <FilterSelect
          label="What"
          value={filters.kind ?? ""}
          options={[
            ...kindGroups.map(([value, label]) => [value, label] as [string, string]),
            ...(filters.kind && !knownKind ? [[filters.kind, filters.kind] as [string, string]] : []),
          ]}
          allLabel="All activity"
          onChange={(value) => set({ kind: value || undefined })}
        />
        <FilterSelect
          label="Who"
          value={actorId ? (filters.actor ?? "") : (actorType ?? "")}
          options={[
            ...actorGroups.map(([value, label]) => [value, label] as [string, string]),
            ...(actorId && filters.actor
              ? [[filters.actor, `Only ${actorType === "apiKey" ? "this API key" : "this person"}`] as [string, string]]
              : []),
          ]}
          allLabel="Anyone"
          onChange={(value) => set({ actor: value || undefined })}
        />
        <DateInput id="filter-from" label="From" value={filters.from} max={filters.to} onChange={(from) => set({ from })} />
        <DateInput id="filter-to" label="To" value={filters.to} min={filters.from} onChange={(to) => set({ to })} />
        {filtered ? (
          <Button variant="ghost" className="shadow-none" onClick={() => setFilters({})}>
            <X aria-hidden className="size-4" />
            Clear filters
          </Button>
        ) : null}
      </fieldset>

      {list.phase === "loading" ? (
        <ListSkeleton label="Loading activity…" />
      ) : list.phase === "error" ? (
        <ListError title="Could not load the activity log." message={list.message} onRetry={() => setReload({})} />
      ) : list.entries.length === 0 && !list.nextCursor ? (
        <EmptyState icon={Activity} title={filtered ? "Nothing matches these filters" : "No activity yet"}>
          {filtered
            ? "Try another kind, person or date range."
            : "Every webhook received or refused and every settings change will be listed here with who did it and when."}
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white">
          {list.entries.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-600">No match among the most recent entries searched yet.</p>
          ) : (
            <ul aria-label="Activity" className="divide-y divide-slate-100">
              {list.entries.map((entry) => (
                <Row key={entry.id} entry={entry} onActor={(actor) => set({ actor })} />
              ))}
            </ul>
          )}
          {list.nextCursor ? (
            <div className="border-t border-slate-200 p-3 text-center">
              <Button variant="secondary" disabled={loadingMore} onClick={() => void loadMore()}>
                {loadingMore ? "Loading…" : list.entries.length === 0 ? "Keep searching" : "Load more"}
              </Button>
            </div>
          ) : (
            <p className="border-t border-slate-100 px-4 py-2 text-center text-xs text-slate-500">End of the log</p>
          )}
        </div>
      )}
    </>
  );
}

const kindStyles: Array<[string, string]> = [
  ["webhook.rejected", "bg-red-50 text-red-700 ring-red-600/20"],
  ["webhook.", "bg-sky-50 text-sky-700 ring-sky-600/20"],
  ["settings.", "bg-indigo-50 text-indigo-700 ring-indigo-600/20"],
  ["member.", "bg-emerald-50 text-emerald-700 ring-emerald-600/20"],
  ["invitation.", "bg-emerald-50 text-emerald-700 ring-emerald-600/20"],
  ["apiKey.", "bg-amber-50 text-amber-800 ring-amber-600/20"],
];

function KindBadge({ kind }: { kind: string }) {
  const style = kindStyles.find(([prefix]) => kind.startsWith(prefix))?.[1] ?? "bg-slate-50 text-slate-700 ring-slate-600/20";
  return (
    <span
      className={`inline-block max-w-full truncate rounded-md px-1.5 py-0.5 font-mono text-[11px] font-medium ring-1 ring-inset ${style}`}
    >
      {kind}
    </span>
  );
}

const actorIcons = { user: User, apiKey: KeyRound, platform: Server, system: Bot };

function ActorLabel({ entry, onActor }: { entry: Entry; onActor: (actor: string) => void }) {
  const { type, id, label } = entry.actor;
  const Icon = actorIcons[type] ?? Bot;
  const name = label ?? (type === "platform" ? "webhook" : type);
  const content = (
    <>
      <Icon aria-hidden className="size-3.5 shrink-0" />
      <span className="truncate">{name}</span>
    </>
  );
  if (!id || (type !== "user" && type !== "apiKey")) {
    return <span className="inline-flex min-w-0 items-center gap-1">{content}</span>;
  }
  return (
    <button
      type="button"
      onClick={() => onActor(`${type}:${id}`)}
      title={`Show only activity by ${name}`}
      className="inline-flex min-w-0 items-center gap-1 rounded font-medium text-slate-700 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      {content}
    </button>
  );
}

function Row({ entry, onActor }: { entry: Entry; onActor: (actor: string) => void }) {
  const [open, setOpen] = useState(false);
  const refs = Object.entries(entry.refs).filter(([, value]) => value !== null && value !== undefined && value !== "");
  const hasChange = entry.before !== null || entry.after !== null;
  const expandable = hasChange || refs.length > 0;
  const detailsId = `activity-${entry.id}`;
  return (
    <li className="px-4 py-3">
      <div className="flex flex-col gap-1.5 sm:flex-row sm:items-start sm:gap-4">
        <div className="w-full shrink-0 sm:w-56">
          <KindBadge kind={entry.kind} />
        </div>
        <div className="min-w-0 flex-1">
          <p className="break-words text-sm font-medium text-slate-900">{entry.summary}</p>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
            <ActorLabel entry={entry} onActor={onActor} />
            <RelativeTime iso={entry.createdAt} />
          </div>
        </div>
        {expandable ? (
          <button
            type="button"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
            className="inline-flex shrink-0 items-center gap-1 self-start rounded-md px-2 py-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            {entry.before !== null ? "Changes" : "Details"}
            <ChevronDown aria-hidden className={`size-3.5 transition ${open ? "rotate-180" : ""}`} />
          </button>
        ) : null}
      </div>
      {open ? (
        <div id={detailsId} className="mt-3 space-y-3 rounded-lg bg-slate-50 p-3 sm:ml-60">
          {hasChange ? <ActivityDiff before={entry.before} after={entry.after} /> : null}
          {refs.length > 0 ? (
            <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
              {refs.map(([key, value]) => (
                <div key={key} className="flex gap-1">
                  <dt className="text-slate-500">{key}</dt>
                  <dd className="break-all font-mono text-slate-800">
                    {typeof value === "string" ? value : JSON.stringify(value)}
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
          <p className="text-xs text-slate-500">
            <time dateTime={entry.createdAt}>{new Date(entry.createdAt).toLocaleString()}</time>
          </p>
        </div>
      ) : null}
    </li>
  );
}
