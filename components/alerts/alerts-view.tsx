"use client";

import { BellRing, CheckCircle2, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useCallback } from "react";
import { toast } from "sonner";
import { useLiveRefresh } from "@/components/dashboard/use-live-refresh";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ListError, ListSkeleton } from "@/components/ui/list-states";
import { useBusyAction } from "@/components/ui/use-busy-action";
import { useLiveResource } from "@/components/ui/use-live-resource";
import { fetchAlerts, resolveAlertRequest } from "@/lib/alerts/client/api";
import type { AlertView } from "@/lib/alerts/schemas";
import { refreshTopicOf } from "@/lib/realtime/refresh-topic-of";

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Open and resolved alerts with what to do; live as alerts open and close. */
export function AlertsView({ tenantId, canResolve }: { tenantId: string; canResolve: boolean }) {
  const { state, load } = useLiveResource(useCallback((signal: AbortSignal) => fetchAlerts(tenantId, signal), [tenantId]));
  useLiveRefresh(
    () => void load(),
    (payload) => refreshTopicOf(payload) === "alerts",
  );

  const open = state.phase === "ready" ? state.value.filter((a) => a.state === "open") : [];
  const resolved = state.phase === "ready" ? state.value.filter((a) => a.state === "resolved") : [];

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Problems that need someone: endpoints failing or disabled, deliveries refused in bulk. Each says what to do."
      />
      {state.phase === "loading" ? <ListSkeleton label="Loading alerts…" /> : null}
      {state.phase === "error" ? (
        <ListError title="Alerts could not be loaded." message={state.message} onRetry={() => void load()} />
      ) : null}
      {state.phase === "ready" ? (
        <div className="space-y-8">
          <section aria-labelledby="open-alerts">
            <h2 id="open-alerts" className="mb-3 text-base font-semibold text-slate-900">
              Open ({open.length})
            </h2>
            {open.length === 0 ? (
              <EmptyState icon={ShieldCheck} title="Nothing needs you">
                When an endpoint keeps failing or deliveries are refused in bulk, an alert opens here and in every admin's bell.
              </EmptyState>
            ) : (
              <ul className="space-y-3">
                {open.map((alert) => (
                  <OpenAlert key={alert.id} alert={alert} tenantId={tenantId} canResolve={canResolve} onResolved={load} />
                ))}
              </ul>
            )}
          </section>
          {resolved.length > 0 ? (
            <section aria-labelledby="resolved-alerts">
              <h2 id="resolved-alerts" className="mb-3 text-base font-semibold text-slate-900">
                Resolved ({resolved.length})
              </h2>
              <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
                {resolved.map((alert) => (
                  <li key={alert.id} data-testid="resolved-alert" className="flex items-start gap-3 px-4 py-3 text-sm">
                    <CheckCircle2 aria-hidden className="mt-0.5 size-4 shrink-0 text-emerald-600" />
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{alert.title}</p>
                      <p className="text-slate-600">
                        Opened {when.format(new Date(alert.openedAt))}, resolved{" "}
                        {alert.resolvedAt ? when.format(new Date(alert.resolvedAt)) : ""} by {alert.resolvedBy?.label ?? "—"}
                        {alert.occurrences > 1 ? ` · opened ${alert.occurrences} times` : ""}
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function OpenAlert({
  alert,
  tenantId,
  canResolve,
  onResolved,
}: {
  alert: AlertView;
  tenantId: string;
  canResolve: boolean;
  onResolved: () => Promise<void>;
}) {
  const { busy, run } = useBusyAction();
  const resolve = () =>
    run(async () => {
      await resolveAlertRequest(tenantId, alert.id);
      toast.success("Alert resolved");
      await onResolved();
    }, "Could not resolve the alert");
  return (
    <li data-testid="open-alert" className="rounded-xl border border-red-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start gap-3">
        <BellRing aria-hidden className="mt-0.5 size-5 shrink-0 text-red-600" />
        <div className="min-w-0 flex-1">
          <h3 id={`alert-${alert.kind}-${alert.subject}`} className="font-semibold text-slate-900">
            {alert.title}
          </h3>
          <p className="mt-1 text-sm text-slate-700">{alert.detail}</p>
          <p className="mt-1 text-xs text-slate-500">
            Opened {when.format(new Date(alert.openedAt))}
            {alert.lastSeenAt !== alert.openedAt ? ` · last seen ${when.format(new Date(alert.lastSeenAt))}` : ""}
          </p>
          <p className="mt-3 text-sm font-medium text-slate-900">What to do</p>
          <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm text-slate-700">
            {alert.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
        <div className="flex gap-2">
          {alert.link ? (
            <Link
              href={alert.link}
              aria-describedby={`alert-${alert.kind}-${alert.subject}`}
              className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Open
            </Link>
          ) : null}
          {canResolve ? (
            <Button
              variant="secondary"
              onClick={() => void resolve()}
              disabled={busy}
              aria-describedby={`alert-${alert.kind}-${alert.subject}`}
            >
              {busy ? "Resolving…" : "Mark resolved"}
            </Button>
          ) : null}
        </div>
      </div>
    </li>
  );
}
