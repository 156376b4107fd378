"use client";

import { AlertTriangle, CheckCircle2, Clock, CreditCard, LayoutDashboard, RefreshCw, ShoppingBag, XCircle } from "lucide-react";
import Link from "next/link";
import { type ReactNode, useCallback, useRef } from "react";
import { useLiveRefresh } from "@/components/dashboard/use-live-refresh";
import { formatMoney } from "@/components/orders/order-badges";
import { OrdersTable } from "@/components/orders/orders-table";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { useLiveResource } from "@/components/ui/use-live-resource";
import { fetchDashboard } from "@/lib/dashboard/client/api";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** KPIs and the newest orders, refetched live on every `dashboard-refresh` of the tenant. */
export function LiveDashboard({ tenantId }: { tenantId: string }) {
  const known = useRef<Set<string> | null>(null);
  const { state: resource, load } = useLiveResource(
    useCallback(
      async (signal: AbortSignal) => {
        const view = await fetchDashboard(tenantId, signal);
        // Rows that were not on screen before are highlighted, so a new order catches the eye.
        const ids = view.recentOrders.map((o) => o.id);
        const fresh = new Set(known.current ? ids.filter((id) => !known.current?.has(id)) : []);
        known.current = new Set(ids);
        return { view, updatedAt: new Date(), fresh };
      },
      [tenantId],
    ),
  );
  const state = resource.phase === "ready" ? { phase: "ready" as const, ...resource.value } : resource;
  useLiveRefresh(() => void load());

  if (state.phase === "loading") return <DashboardSkeleton />;
  if (state.phase === "error")
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <p className="font-medium">The dashboard could not be loaded.</p>
        <p className="mt-1">{state.message}</p>
        <Button className="mt-3" variant="secondary" onClick={() => void load()}>
          <RefreshCw aria-hidden className="size-4" /> Try again
        </Button>
      </div>
    );

  const { view, updatedAt, fresh } = state;
  const { kpis } = view;
  return (
    <div className="space-y-6">
      <p className="text-xs text-slate-500" aria-live="polite">
        Today in {view.tz.replaceAll("_", " ")}
        {view.tzOf === "store" ? " (the store's time zone)" : ""} · updated live · last update{" "}
        <time dateTime={updatedAt.toISOString()} data-testid="dashboard-updated">
          {timeFormat.format(updatedAt)}
        </time>
      </p>
      <section aria-label="Today's key figures" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Kpi label="Orders today" icon={ShoppingBag} testId="kpi-orders">
          {kpis.orders.toLocaleString()}
        </Kpi>
        <Kpi label="Revenue today" icon={CreditCard} testId="kpi-revenue" wide>
          {kpis.revenue.length === 0 ? (
            formatMoney(0, view.currency)
          ) : (
            <ul className="space-y-0.5">
              {kpis.revenue.map((r) => (
                <li key={r.currency} data-testid={`kpi-revenue-${r.currency}`}>
                  {formatMoney(r.amount, r.currency)}
                </li>
              ))}
            </ul>
          )}
        </Kpi>
        <Kpi label="Payments paid" icon={CheckCircle2} testId="kpi-paid" tone="text-emerald-700">
          {kpis.payments.paid}
        </Kpi>
        <Kpi
          label="Payments failed"
          icon={XCircle}
          testId="kpi-failed"
          tone={kpis.payments.failed > 0 ? "text-red-700" : undefined}
        >
          {kpis.payments.failed}
        </Kpi>
        <Kpi label="Payments pending" icon={Clock} testId="kpi-pending">
          {kpis.payments.pending}
        </Kpi>
      </section>

      <section aria-labelledby="recent-orders-title" className="rounded-xl border border-slate-200 bg-white shadow-sm">
        <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-6">
          <h2 id="recent-orders-title" className="text-base font-semibold text-slate-900">
            Recent orders
          </h2>
          <Link href="/orders" className="ml-auto text-sm font-medium text-indigo-700 hover:underline">
            All orders
          </Link>
          {kpis.payments.failed > 0 ? (
            <span className="inline-flex items-center gap-1 text-xs font-medium text-red-700">
              <AlertTriangle aria-hidden className="size-3.5" /> {kpis.payments.failed} failed payment
              {kpis.payments.failed === 1 ? "" : "s"} today
            </span>
          ) : null}
        </div>
        {view.recentOrders.length === 0 ? (
          <div className="p-4 sm:p-6">
            <EmptyState icon={LayoutDashboard} title="Waiting for your first order">
              Orders and payments posted to your webhook URLs appear here the moment they arrive.{" "}
              <Link href="/settings/inbound" className="font-medium text-indigo-700 underline">
                Set up webhooks
              </Link>
            </EmptyState>
          </div>
        ) : (
          <OrdersTable orders={view.recentOrders} fresh={fresh} testId="recent-orders" rowTestId="recent-order" />
        )}
      </section>
    </div>
  );
}

function Kpi({
  label,
  icon: Icon,
  children,
  testId,
  tone,
  wide,
}: {
  label: string;
  icon: typeof ShoppingBag;
  children: ReactNode;
  testId: string;
  tone?: string;
  wide?: boolean;
}) {
  return (
    <div
      className={`rounded-xl border border-slate-200 bg-white p-4 shadow-sm ${wide ? "order-first col-span-2 sm:order-none sm:col-span-1" : ""}`}
    >
      <div className="flex items-center gap-1.5 text-xs font-medium text-slate-500">
        <Icon aria-hidden className="size-3.5" />
        {label}
      </div>
      <div className={`mt-2 text-2xl font-semibold tabular-nums ${tone ?? "text-slate-900"}`} data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

function DashboardSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true">
      <span className="sr-only" role="status">
        Loading the dashboard…
      </span>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {["a", "b", "c", "d", "e"].map((k) => (
          <div key={k} className="h-24 animate-pulse rounded-xl border border-slate-200 bg-white" />
        ))}
      </div>
      <div className="h-64 animate-pulse rounded-xl border border-slate-200 bg-white" />
    </div>
  );
}
