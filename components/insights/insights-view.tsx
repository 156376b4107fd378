"use client";

import { useCallback, useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useLiveRefresh } from "@/components/dashboard/use-live-refresh";
import { ChartCard } from "@/components/insights/chart-card";
import {
  CHART_AXIS,
  COLORS,
  capitalized,
  change,
  counted,
  LIVE_COALESCE_MS,
  labelOf,
  legendText,
  periodBefore,
  RANGE_LABELS,
} from "@/components/insights/chart-format";
import { ChartsState } from "@/components/insights/charts-state";
import { DeliveryCharts } from "@/components/insights/delivery-charts";
import { formatMoney } from "@/components/orders/order-badges";
import { PageHeader } from "@/components/page-header";
import { useLiveResource } from "@/components/ui/use-live-resource";
import { PAYMENT_STATES } from "@/lib/dashboard/schemas";
import { fetchOrderInsights } from "@/lib/insights/client/api";
import { INSIGHT_RANGES, type InsightRange, type OrderInsights } from "@/lib/insights/schemas";

/** Orders, revenue and payment outcomes over a chosen range, redrawn live as webhooks arrive. */
export function InsightsView({ tenantId, initialRange }: { tenantId: string; initialRange: InsightRange }) {
  const [range, setRange] = useState<InsightRange>(initialRange);
  const { state, load } = useLiveResource(
    useCallback((signal: AbortSignal) => fetchOrderInsights(tenantId, range, signal), [tenantId, range]),
    // A failed live refresh keeps the figures on screen, unless they are another period's.
    (shown) => shown.range === range,
  );
  // A busy store sends orders all the time: the charts follow within two seconds, not on every one.
  useLiveRefresh(() => void load(), undefined, LIVE_COALESCE_MS);

  const choose = (next: InsightRange) => {
    setRange(next);
    const url = new URL(window.location.href);
    url.searchParams.set("range", next);
    window.history.replaceState(window.history.state, "", url);
  };

  return (
    <>
      <PageHeader
        title="Insights"
        description="Orders, revenue and payments over time, beside the period before, and how deliveries fared both ways. They update as webhooks arrive."
        actions={
          <fieldset className="flex rounded-lg bg-slate-100 p-1">
            <legend className="sr-only">Period</legend>
            {INSIGHT_RANGES.map((value) => (
              <label
                key={value}
                className={`cursor-pointer rounded-md px-3 py-1 text-sm font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-600 ${
                  value === range ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
                }`}
              >
                <input
                  type="radio"
                  name="insights-range"
                  value={value}
                  checked={value === range}
                  onChange={() => choose(value)}
                  className="sr-only"
                />
                {RANGE_LABELS[value]}
              </label>
            ))}
          </fieldset>
        }
      />
      <ChartsState state={state} range={range} what="the charts" onRetry={() => void load()}>
        {(insights) => <Charts insights={insights} />}
      </ChartsState>
      <DeliveryCharts tenantId={tenantId} range={range} />
    </>
  );
}

function Charts({ insights }: { insights: OrderInsights }) {
  const { totals, currency } = insights;
  const money = (amount: number) => formatMoney(amount, currency);
  const data = insights.points.map((point) => ({
    label: labelOf(insights, point.start),
    orders: point.orders,
    previousOrders: point.previous.orders,
    revenue: point.revenue,
    previousRevenue: point.previous.revenue,
    ...point.payments,
  }));
  const period = insights.granularity === "hour" ? "the last 24 hours" : `the last ${RANGE_LABELS[insights.range]}`;
  const zone = `Times in ${insights.tz}${insights.tzOf === "viewer" ? " (your browser's; set the store's in Settings → General)" : ""}.`;
  const others = totals.otherRevenue.map((r) => formatMoney(r.amount, r.currency)).join(", ");
  const paymentsTotal = PAYMENT_STATES.reduce((sum, state) => sum + totals.payments[state], 0);
  const axis = CHART_AXIS;

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard
        id="orders-chart"
        title="Orders"
        summary={`${counted(totals.orders, "order")} in ${period}, ${change(totals.orders, totals.previousOrders)} (${totals.previousOrders}). ${zone}`}
        table={{
          caption: `Orders per ${insights.granularity}`,
          columns: [insights.granularity === "hour" ? "Hour" : "Day", "Orders", "Period before"],
          rows: insights.points.map((p) => ({
            key: p.start,
            cells: [labelOf(insights, p.start, true), p.orders, p.previous.orders],
          })),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} accessibilityLayer={false} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis dataKey="label" {...axis} minTickGap={16} />
            <YAxis allowDecimals={false} {...axis} />
            <Tooltip />
            <Legend formatter={legendText} />
            <Bar dataKey="orders" name="Orders" fill={COLORS.current} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            {periodBefore("previousOrders")}
          </ComposedChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard
        id="revenue-chart"
        title="Revenue"
        summary={`${money(totals.revenue)} in ${period}, ${change(totals.revenue, totals.previousRevenue)} (${money(totals.previousRevenue)}). Cancelled, failed and refunded orders are left out${others ? `; also ${others} in other currencies, not charted` : ""}.`}
        table={{
          caption: `Revenue per ${insights.granularity} in ${currency}`,
          columns: [insights.granularity === "hour" ? "Hour" : "Day", "Revenue", "Period before"],
          rows: insights.points.map((p) => ({
            key: p.start,
            cells: [labelOf(insights, p.start, true), money(p.revenue), money(p.previous.revenue)],
          })),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} accessibilityLayer={false} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis dataKey="label" {...axis} minTickGap={16} />
            <YAxis
              {...axis}
              tickFormatter={(value: number) => new Intl.NumberFormat("en-US", { notation: "compact" }).format(value)}
            />
            <Tooltip formatter={(value) => money(Number(value))} />
            <Legend formatter={legendText} />
            <Line
              dataKey="revenue"
              name={`Revenue (${currency})`}
              stroke={COLORS.current}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            {periodBefore("previousRevenue")}
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard
        id="payments-chart"
        title="Payment outcomes"
        summary={`${counted(paymentsTotal, "payment update")} in ${period}: ${PAYMENT_STATES.map((s) => `${totals.payments[s]} ${s}`).join(", ")}.`}
        table={{
          caption: `Payment updates per ${insights.granularity}, by outcome`,
          columns: [insights.granularity === "hour" ? "Hour" : "Day", ...PAYMENT_STATES.map(capitalized)],
          rows: insights.points.map((p) => ({
            key: p.start,
            cells: [labelOf(insights, p.start, true), ...PAYMENT_STATES.map((s) => p.payments[s])],
          })),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} accessibilityLayer={false} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis dataKey="label" {...axis} minTickGap={16} />
            <YAxis allowDecimals={false} {...axis} />
            <Tooltip />
            <Legend formatter={legendText} />
            {PAYMENT_STATES.map((s) => (
              <Bar key={s} dataKey={s} name={capitalized(s)} stackId="payments" fill={COLORS[s]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}
