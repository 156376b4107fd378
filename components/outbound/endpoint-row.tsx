"use client";

import { ChevronDown, KeyRound, RefreshCw, RotateCcw, Send, Trash2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { DeliveryFilters, type OutboundDeliveryFilters } from "@/components/outbound/delivery-filters";
import { useOutboundRefresh } from "@/components/outbound/use-outbound-refresh";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { Switch } from "@/components/ui/switch";
import { useBusyAction } from "@/components/ui/use-busy-action";
import {
  listDeliveries,
  removeEndpoint,
  retryDeliveries,
  retryDelivery,
  rotateEndpointSecret,
  testEndpoint,
  updateEndpoint,
} from "@/lib/outbound/client/api";
import type { EndpointView, OutboundDeliveryView } from "@/lib/outbound/schemas";

// Why an endpoint is off, beside its switch (which says "Disabled" itself when turned off by hand).
const disabledText = {
  manual: null,
  failing: "Disabled after repeated failures",
  gone: "Disabled: the endpoint answered 410 Gone",
};

// "Retry everything that failed since…", as Svix's recover offers it.
const recoverPeriods = [
  { value: "1h", label: "the last hour", ms: 3_600_000 },
  { value: "24h", label: "the last 24 hours", ms: 86_400_000 },
  { value: "7d", label: "the last 7 days", ms: 7 * 86_400_000 },
  { value: "30d", label: "the last 30 days", ms: 30 * 86_400_000 },
] as const;

function StatusBadge({ status }: { status: number | null }) {
  const ok = status !== null && status >= 200 && status < 300;
  return (
    <span
      className={`rounded px-1.5 py-0.5 font-mono text-xs ring-1 ${ok ? "bg-emerald-50 text-emerald-700 ring-emerald-200" : "bg-red-50 text-red-700 ring-red-200"}`}
    >
      {status ?? "—"}
    </span>
  );
}

/**
 * One endpoint: its stats, its switches and actions, and its recent deliveries with their attempts.
 * In the list (`layout` "row") the URL links to the endpoint's own page and the deliveries open on
 * demand; on that page ("page") they are open from the start.
 */
export function EndpointRow({
  tenantId,
  endpoint,
  canEdit,
  onChange,
  onRemoved,
  onSecret,
  layout = "row",
}: {
  tenantId: string;
  endpoint: EndpointView;
  canEdit: boolean;
  onChange: (endpoint: EndpointView) => void;
  onRemoved: (id: string) => void;
  onSecret: (secret: string, url: string) => void;
  layout?: "row" | "page";
}) {
  const { busy, run } = useBusyAction();
  const [open, setOpen] = useState(layout === "page");
  const [deliveries, setDeliveries] = useState<OutboundDeliveryView[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [period, setPeriod] = useState<(typeof recoverPeriods)[number]["value"]>("24h");
  const [filters, setFilters] = useState<OutboundDeliveryFilters>({});
  // Read by the loads and the live refresh, which outlive a render.
  const filtersNow = useRef(filters);
  filtersNow.current = filters;
  const filtered = Boolean(filters.status || filters.eventType || filters.q);
  const stats = endpoint.stats;

  // Whether older pages were loaded: a live refresh then keeps them (and their cursor).
  const olderLoaded = useRef(false);
  const showFirstPage = (page: { deliveries: OutboundDeliveryView[]; nextCursor: string | null }) => {
    olderLoaded.current = false;
    setDeliveries(page.deliveries);
    setNextCursor(page.nextCursor);
  };
  /** The newest page again, as the live refresh brings it: new and changed rows replace theirs, older pages stay. */
  const mergeFirstPage = (page: { deliveries: OutboundDeliveryView[]; nextCursor: string | null }) => {
    if (!olderLoaded.current) return showFirstPage(page);
    const fresh = new Set(page.deliveries.map((d) => d.id));
    const oldest = page.deliveries.at(-1)?.createdAt ?? "";
    setDeliveries((shown) => [...page.deliveries, ...(shown ?? []).filter((d) => !fresh.has(d.id) && d.createdAt <= oldest)]);
  };
  // A picked row that left the list, or is being attempted again, is no longer picked.
  useEffect(() => {
    setSelected((current) => {
      const pickable = new Set((deliveries ?? []).filter((d) => d.status !== "pending").map((d) => d.id));
      const kept = [...current].filter((id) => pickable.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [deliveries]);
  // Which filters an answer was asked under: one that comes back after they changed is dropped.
  const asked = useRef(0);
  const loadDeliveries = () => {
    const under = asked.current;
    return run(async () => {
      const page = await listDeliveries(tenantId, endpoint.id, null, filtersNow.current);
      if (under === asked.current) showFirstPage(page);
    }, "Could not load deliveries");
  };
  const loadOlder = () =>
    run(async () => {
      const under = asked.current;
      const page = await listDeliveries(tenantId, endpoint.id, nextCursor, filtersNow.current);
      if (under !== asked.current) return;
      olderLoaded.current = true;
      setDeliveries((shown) => [...(shown ?? []), ...page.deliveries.filter((d) => !shown?.some((s) => s.id === d.id))]);
      setNextCursor(page.nextCursor);
    }, "Could not load older deliveries");
  const retryMany = (selection: { ids: string[] } | { since: string; endpointId: string }) =>
    run(async () => {
      const queued: string[] = [];
      const skipped: Array<{ id: string; reason: string }> = [];
      // A recover answers a thousand at a time, with the cursor of the rest.
      let cursor: string | null = null;
      for (let round = 0; round < 20; round++) {
        const answer = await retryDeliveries(tenantId, cursor && "since" in selection ? { ...selection, cursor } : selection);
        queued.push(...answer.queued);
        skipped.push(...answer.skipped);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      if (queued.length) toast.success(`${queued.length} ${queued.length === 1 ? "delivery" : "deliveries"} queued again`);
      else toast.info("ids" in selection ? "Nothing to retry" : "No failed deliveries in that period");
      if (skipped.length) toast.warning(`${skipped.length} skipped: ${skipped[0]?.reason}`);
      if (cursor) toast.info("More failed deliveries remain: retry again to queue the next ones");
      setSelected(new Set());
    }, "Could not queue the deliveries again");

  const toggle = () => {
    setOpen((value) => !value);
    if (!open && deliveries === null) void loadDeliveries();
  };
  // An open list follows the endpoint's attempts; quietly, so the row's controls stay usable.
  useOutboundRefresh(() => {
    if (!open) return;
    const under = asked.current;
    listDeliveries(tenantId, endpoint.id, null, filtersNow.current).then(
      (page) => {
        if (under === asked.current) mergeFirstPage(page);
      },
      () => undefined, // the next announcement or the Refresh button tries again
    );
  }, endpoint.id);

  // Other filters: the list starts again from the newest delivery that matches them, and what
  // was asked under the earlier ones (a refresh, older pages) no longer lands.
  // biome-ignore lint/correctness/useExhaustiveDependencies: loadDeliveries is a new function every render
  useEffect(() => {
    asked.current += 1;
    olderLoaded.current = false;
    setNextCursor(null);
    if (deliveries !== null) void loadDeliveries();
  }, [filters]);

  // Once, on the endpoint's own page: later changes arrive through the live refresh.
  // biome-ignore lint/correctness/useExhaustiveDependencies: loadDeliveries is a new function every render
  useEffect(() => {
    if (layout === "page") void loadDeliveries();
  }, [layout]);
  const Wrapper = layout === "row" ? "li" : "div";

  return (
    <Wrapper className="py-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          {layout === "row" ? (
            <Link
              href={`/settings/outbound/${endpoint.id}`}
              className="break-all font-mono text-sm text-indigo-700 hover:underline"
              aria-label={`Open ${endpoint.url}`}
            >
              {endpoint.url}
            </Link>
          ) : (
            <p className="break-all font-mono text-sm text-slate-900">{endpoint.url}</p>
          )}
          {endpoint.description ? <p className="text-sm text-slate-600">{endpoint.description}</p> : null}
          <p className="mt-1 text-xs text-slate-500">
            {endpoint.eventTypes.includes("*") ? "All events" : endpoint.eventTypes.join(", ")}
            {endpoint.batch ? ` · batches of ≤ ${endpoint.batch.maxEvents}, ≤ ${endpoint.batch.maxWaitMs} ms` : ""}
            {Object.keys(endpoint.headers).length ? ` · headers: ${Object.keys(endpoint.headers).join(", ")}` : ""}
          </p>
          {endpoint.enabled || !disabledText[endpoint.disabledReason ?? "manual"] ? null : (
            <p className="mt-1 text-sm font-medium text-amber-700">{disabledText[endpoint.disabledReason ?? "manual"]}</p>
          )}
          <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Delivery stats">
            {stats ? (
              <>
                <div>
                  <dt className="inline">Succeeded </dt>
                  <dd className="inline font-semibold text-emerald-700">{stats.successes}</dd>
                </div>
                <div>
                  <dt className="inline">Failed </dt>
                  <dd className="inline font-semibold text-red-700">{stats.failures}</dd>
                </div>
                <div>
                  <dt className="inline">p50 </dt>
                  <dd className="inline font-semibold">{stats.p50LatencyMs === null ? "—" : `${stats.p50LatencyMs} ms`}</dd>
                </div>
                <div>
                  <dt className="inline">Last triggered </dt>
                  <dd className="inline font-semibold">
                    {stats.lastTriggeredAt ? new Date(stats.lastTriggeredAt).toLocaleString() : "never"}
                  </dd>
                </div>
              </>
            ) : (
              <div>Stats unavailable</div>
            )}
          </dl>
        </div>
        <div className="w-full sm:w-44">
          <Switch
            // The visible word follows the state; the switch's name stays "Enabled: <url>", on or off.
            label={endpoint.enabled ? "Enabled" : "Disabled"}
            accessibleName={`Enabled: ${endpoint.url}`}
            checked={endpoint.enabled}
            disabled={!canEdit || busy}
            onChange={(enabled) =>
              run(async () => {
                onChange((await updateEndpoint(tenantId, endpoint.id, { enabled })).endpoint);
                toast.success(enabled ? "Endpoint enabled" : "Endpoint disabled");
              }, "Could not change the endpoint")
            }
          />
        </div>
      </div>
      <div className="mt-2 flex flex-wrap gap-2">
        {canEdit ? (
          <>
            <Button
              variant="secondary"
              disabled={busy || !endpoint.enabled}
              onClick={() =>
                run(async () => {
                  const { attempt } = await testEndpoint(tenantId, endpoint.id);
                  if (attempt.ok) toast.success(`Test event delivered: HTTP ${attempt.status} in ${attempt.latencyMs} ms`);
                  else toast.error(`Test event failed: ${attempt.error ?? `HTTP ${attempt.status}`}`);
                  if (open) await loadDeliveries();
                }, "Could not send the test event")
              }
            >
              <Send aria-hidden className="size-4" />
              Send test event
            </Button>
            <Button
              variant="ghost"
              disabled={busy}
              onClick={() =>
                run(
                  async () => onSecret((await rotateEndpointSecret(tenantId, endpoint.id)).secret, endpoint.url),
                  "Could not rotate the secret",
                )
              }
            >
              <KeyRound aria-hidden className="size-4" />
              Rotate secret
            </Button>
            <Button
              variant="ghost"
              disabled={busy}
              onClick={() => {
                if (!window.confirm(`Remove ${endpoint.url}? Its delivery log goes with it.`)) return;
                void run(async () => {
                  await removeEndpoint(tenantId, endpoint.id);
                  onRemoved(endpoint.id);
                  toast.success("Endpoint removed");
                }, "Could not remove the endpoint");
              }}
            >
              <Trash2 aria-hidden className="size-4" />
              Remove
            </Button>
          </>
        ) : null}
        {layout === "row" ? (
          <Button variant="ghost" aria-expanded={open} onClick={toggle}>
            <ChevronDown aria-hidden className={`size-4 transition ${open ? "rotate-180" : ""}`} />
            Recent deliveries
          </Button>
        ) : null}
      </div>
      {open ? (
        <div className="mt-3 rounded-lg border border-slate-200 p-3">
          {layout === "page" ? <h2 className="mb-1 text-sm font-semibold text-slate-900">Recent deliveries</h2> : null}
          <div className="flex flex-wrap items-end gap-2">
            <Button variant="ghost" className="px-2 py-1" onClick={() => void loadDeliveries()} disabled={busy}>
              <RefreshCw aria-hidden className={`size-4 ${busy ? "animate-spin" : ""}`} />
              Refresh
            </Button>
            {canEdit ? (
              <>
                <div className="flex flex-col gap-1">
                  <label htmlFor={`recover-${endpoint.id}`} className="text-xs font-medium text-slate-600">
                    Failed in
                  </label>
                  <select
                    id={`recover-${endpoint.id}`}
                    value={period}
                    onChange={(event) => setPeriod(event.target.value as typeof period)}
                    className="rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
                  >
                    {recoverPeriods.map((p) => (
                      <option key={p.value} value={p.value}>
                        {p.label}
                      </option>
                    ))}
                  </select>
                </div>
                <Button
                  variant="secondary"
                  disabled={busy || !endpoint.enabled}
                  onClick={() => {
                    const ms = recoverPeriods.find((p) => p.value === period)?.ms ?? 86_400_000;
                    void retryMany({ since: new Date(Date.now() - ms).toISOString(), endpointId: endpoint.id });
                  }}
                >
                  <RotateCcw aria-hidden className="size-4" />
                  Retry failed
                </Button>
                <Button
                  variant="secondary"
                  disabled={busy || selected.size === 0 || !endpoint.enabled}
                  onClick={() => void retryMany({ ids: [...selected] })}
                >
                  Retry selected ({selected.size})
                </Button>
              </>
            ) : null}
          </div>
          <div className="mt-2">
            <DeliveryFilters idPrefix={`deliveries-${endpoint.id}`} value={filters} onChange={setFilters} />
          </div>
          {deliveries === null ? (
            <div aria-hidden className="mt-2 h-12 animate-pulse rounded-md bg-slate-100" />
          ) : deliveries.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">
              {filtered
                ? nextCursor
                  ? "No match among the deliveries read so far."
                  : "No delivery matches."
                : "No deliveries yet. Send a test event, or wait for the next order."}
            </p>
          ) : (
            <ul aria-label={`Deliveries to ${endpoint.url}`} className="mt-2 divide-y divide-slate-100">
              {deliveries.map((delivery) => {
                const last = delivery.attempts.at(-1);
                return (
                  <li key={delivery.id} className="py-2 text-sm">
                    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                      {canEdit ? (
                        <input
                          type="checkbox"
                          aria-label={`Select delivery ${delivery.id}`}
                          className="size-4 rounded border-slate-300 text-indigo-600"
                          disabled={delivery.status === "pending"}
                          checked={selected.has(delivery.id)}
                          onChange={(event) =>
                            setSelected((current) => {
                              const next = new Set(current);
                              if (event.target.checked) next.add(delivery.id);
                              else next.delete(delivery.id);
                              return next;
                            })
                          }
                        />
                      ) : null}
                      <StatusBadge status={last?.status ?? null} />
                      <span className="font-medium text-slate-900">{delivery.status}</span>
                      <span className="text-slate-600">
                        {delivery.eventTypes.join(", ")}
                        {delivery.eventCount > 1 ? ` ×${delivery.eventCount}` : ""}
                      </span>
                      <time dateTime={delivery.createdAt} className="text-slate-500">
                        {new Date(delivery.createdAt).toLocaleString()}
                      </time>
                      {canEdit && delivery.status !== "pending" ? (
                        // A failed delivery is retried; a delivered one can be sent again (the receiver
                        // lost it, or was fixed): the same webhook-id and body either way.
                        <Button
                          variant="ghost"
                          className="px-2 py-1"
                          disabled={busy}
                          aria-label={`${delivery.status === "failed" ? "Retry" : "Resend"} delivery ${delivery.id}`}
                          onClick={() =>
                            run(async () => {
                              await retryDelivery(tenantId, delivery.id);
                              toast.success(delivery.status === "failed" ? "Retry queued" : "Resend queued");
                            }, "Could not queue the delivery again")
                          }
                        >
                          <RotateCcw aria-hidden className="size-4" />
                          {delivery.status === "failed" ? "Retry" : "Resend"}
                        </Button>
                      ) : null}
                    </div>
                    <details className="mt-1">
                      <summary className="cursor-pointer text-indigo-700">{delivery.attempts.length} attempt(s)</summary>
                      <ol className="mt-1 space-y-2">
                        {delivery.attempts.map((attempt) => (
                          <li key={attempt.at} className="rounded bg-slate-50 p-2 text-xs text-slate-800">
                            <div className="flex flex-wrap gap-x-3">
                              <StatusBadge status={attempt.status} />
                              <span>{attempt.latencyMs} ms</span>
                              <time dateTime={attempt.at}>{new Date(attempt.at).toLocaleString()}</time>
                              {attempt.nextAttemptAt ? (
                                <span>next attempt {new Date(attempt.nextAttemptAt).toLocaleTimeString()}</span>
                              ) : null}
                            </div>
                            {attempt.error ? <p className="mt-1 text-red-700">{attempt.error}</p> : null}
                            {attempt.responseExcerpt ? (
                              <CodeBlock className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-all">
                                {attempt.responseExcerpt}
                              </CodeBlock>
                            ) : null}
                          </li>
                        ))}
                      </ol>
                    </details>
                  </li>
                );
              })}
            </ul>
          )}
          {nextCursor ? (
            <Button variant="ghost" className="mt-2 px-2 py-1" onClick={() => void loadOlder()} disabled={busy}>
              {deliveries?.length === 0 ? "Search older deliveries" : "Load older deliveries"}
            </Button>
          ) : null}
        </div>
      ) : null}
      {/* Copy affordance for the id, which the CLI takes. */}
      <div className="mt-2 flex items-center gap-2 text-xs text-slate-500">
        <span>ID</span>
        <code className="break-all">{endpoint.id}</code>
        <CopyButton value={endpoint.id} label="Copy endpoint id" />
      </div>
    </Wrapper>
  );
}
