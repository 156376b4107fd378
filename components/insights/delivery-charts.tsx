"use client";

import { useCallback } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLiveRefresh } from "@/components/dashboard/use-live-refresh";
import { ChartCard } from "@/components/insights/chart-card";
import {
  CHART_AXIS,
  COLORS,
  change,
  counted,
  LIVE_COALESCE_MS,
  labelOf,
  legendText,
  RANGE_LABELS,
} from "@/components/insights/chart-format";
import { ChartsState } from "@/components/insights/charts-state";
import { useLiveResource } from "@/components/ui/use-live-resource";
import { fetchDeliveryInsights } from "@/lib/insights/client/api";
import type { DeliveryInsights, InsightRange } from "@/lib/insights/schemas";
import { refreshTopicOf } from "@/lib/realtime/refresh-topic-of";

// The most frequent refusal reasons and the most attempted endpoints get a series each; the rest
// are summed ("other reasons") or left to the table.
const MAX_REASONS = 4;
const MAX_ENDPOINTS = 5;
const REASON_COLORS = [
  "var(--color-red-600, #e7000b)",
  "var(--color-orange-500, #ff6900)",
  "var(--color-rose-400, #ff637e)",
  "var(--color-amber-700, #bb4d00)",
  "var(--color-fuchsia-600, #c800de)",
];
const ENDPOINT_COLORS = [
  COLORS.current,
  "var(--color-teal-600, #009689)",
  "var(--color-sky-500, #00a6f4)",
  "var(--color-violet-500, #8e51ff)",
  "var(--color-pink-500, #f6339a)",
];
const ACCEPTED_COLOR = "var(--color-emerald-600, #009966)";
const isDeliveries = (payload: Parameters<typeof refreshTopicOf>[0]) => refreshTopicOf(payload) === "deliveries";
const hostOf = (url: string | null) => {
  if (!url) return "a removed endpoint";
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return url;
  }
};

/** Inbound deliveries accepted and refused, and each outbound endpoint's success rate and latency, redrawn live. */
export function DeliveryCharts({ tenantId, range }: { tenantId: string; range: InsightRange }) {
  const { state, load } = useLiveResource(
    useCallback((signal: AbortSignal) => fetchDeliveryInsights(tenantId, range, signal), [tenantId, range]),
    (shown) => shown.range === range,
  );
  // Counts are added every few seconds and announced once per addition: the charts follow them.
  useLiveRefresh(() => void load(), isDeliveries, LIVE_COALESCE_MS);

  return (
    <section aria-labelledby="deliveries-charts-title" className="mt-8">
      <h2 id="deliveries-charts-title" className="mb-3 text-lg font-semibold text-slate-900">
        Deliveries
      </h2>
      <ChartsState state={state} range={range} what="the deliveries charts" onRetry={() => void load()}>
        {(insights) => <Charts insights={insights} />}
      </ChartsState>
    </section>
  );
}

function Charts({ insights }: { insights: DeliveryInsights }) {
  const { totals } = insights;
  const reasons = insights.reasons.slice(0, MAX_REASONS);
  const otherReasons = insights.reasons.slice(MAX_REASONS);
  const endpoints = insights.endpoints.slice(0, MAX_ENDPOINTS);
  const unit = insights.granularity === "hour" ? "Hour" : "Day";
  const period = insights.granularity === "hour" ? "the last 24 hours" : `the last ${RANGE_LABELS[insights.range]}`;
  const data = insights.points.map((point) => ({
    label: labelOf(insights, point.start),
    accepted: point.accepted,
    ...Object.fromEntries(reasons.map((reason) => [`r_${reason}`, point.rejected[reason] ?? 0])),
    r_other: otherReasons.reduce((sum, reason) => sum + (point.rejected[reason] ?? 0), 0),
    ...Object.fromEntries(
      endpoints.flatMap((e) => [
        [`rate_${e.id}`, point.outbound[e.id]?.successRate ?? null],
        [`ms_${e.id}`, point.outbound[e.id]?.avgLatencyMs ?? null],
      ]),
    ),
  }));
  // Two endpoints on one host and path (another query), or two removed ones, still get a column each.
  const names = insights.endpoints.map((e, i, all) => {
    const name = hostOf(e.url);
    const before = all.slice(0, i).filter((other) => hostOf(other.url) === name).length;
    return before ? `${name} (${before + 1})` : name;
  });
  const refusedIn = (point: DeliveryInsights["points"][number]) => Object.values(point.rejected).reduce((s, n) => s + n, 0);
  const topReason = insights.reasons[0];
  const axis = CHART_AXIS;
  const endpointSentence = (pick: (e: DeliveryInsights["endpoints"][number]) => string) =>
    endpoints.length === 0
      ? `No outbound attempts in ${period}.`
      : `${endpoints.map((e) => `${hostOf(e.url)}: ${pick(e)}`).join("; ")} in ${period}.`;

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard
        id="inbound-chart"
        title="Inbound deliveries"
        summary={`${counted(totals.accepted, "delivery", "deliveries")} accepted in ${period} (${change(totals.accepted, totals.previousAccepted)}), ${totals.rejected} refused (${change(totals.rejected, totals.previousRejected)})${topReason ? `, most often for ${topReason}` : ""}.`}
        table={{
          caption: `Inbound deliveries per ${insights.granularity}, accepted and refused by reason`,
          columns: [unit, "Accepted", "Refused", ...insights.reasons],
          rows: insights.points.map((p) => ({
            key: p.start,
            cells: [
              labelOf(insights, p.start, true),
              p.accepted,
              refusedIn(p),
              ...insights.reasons.map((r) => p.rejected[r] ?? 0),
            ],
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
            <Bar dataKey="accepted" name="Accepted" stackId="inbound" fill={ACCEPTED_COLOR} isAnimationActive={false} />
            {reasons.map((reason, i) => (
              <Bar
                key={reason}
                dataKey={`r_${reason}`}
                name={`Refused: ${reason}`}
                stackId="inbound"
                fill={REASON_COLORS[i]}
                isAnimationActive={false}
              />
            ))}
            {otherReasons.length ? (
              <Bar dataKey="r_other" name="Refused: other" stackId="inbound" fill={REASON_COLORS[4]} isAnimationActive={false} />
            ) : null}
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard
        id="outbound-rate-chart"
        title="Outbound success rate"
        summary={endpointSentence((e) => `${e.successRate ?? 0}% of ${counted(e.succeeded + e.failed, "attempt")} succeeded`)}
        table={{
          caption: `Successful outbound attempts per ${insights.granularity}, in percent, by endpoint`,
          columns: [unit, ...names],
          rows: insights.points.map((p) => ({
            key: p.start,
            cells: [
              labelOf(insights, p.start, true),
              ...insights.endpoints.map((e) => {
                const f = p.outbound[e.id];
                return f ? `${f.successRate}% of ${f.succeeded + f.failed}` : "—";
              }),
            ],
          })),
        }}
      >
        <EndpointLines
          data={data}
          endpoints={endpoints}
          names={names}
          series="rate"
          unit="%"
          domain={[0, 100]}
          dots={insights.granularity === "day"}
        />
      </ChartCard>

      <ChartCard
        id="outbound-latency-chart"
        title="Outbound latency"
        summary={endpointSentence((e) => `${e.avgLatencyMs ?? 0} ms on average`)}
        table={{
          caption: `Mean outbound attempt latency per ${insights.granularity}, in milliseconds, by endpoint`,
          columns: [unit, ...names],
          rows: insights.points.map((p) => ({
            key: p.start,
            cells: [
              labelOf(insights, p.start, true),
              ...insights.endpoints.map((e) => {
                const ms = p.outbound[e.id]?.avgLatencyMs;
                return ms === null || ms === undefined ? "—" : `${ms} ms`;
              }),
            ],
          })),
        }}
      >
        <EndpointLines
          data={data}
          endpoints={endpoints}
          names={names}
          series="ms"
          unit=" ms"
          dots={insights.granularity === "day"}
        />
      </ChartCard>
    </div>
  );
}

/** One line per endpoint of the `series` (`rate_<id>` or `ms_<id>`) in `data`; a bucket without attempts is bridged. */
function EndpointLines({
  data,
  endpoints,
  names,
  series,
  unit,
  domain,
  dots,
}: {
  data: Array<Record<string, unknown>>;
  endpoints: DeliveryInsights["endpoints"];
  /** Each endpoint's name, told apart where two would read the same. */
  names: string[];
  series: "rate" | "ms";
  unit: string;
  domain?: [number, number];
  dots: boolean;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart
        data={data}
        accessibilityLayer={false}
        margin={{ top: 4, right: 4, bottom: 0, left: series === "rate" ? -16 : 0 }}
      >
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="label" {...CHART_AXIS} minTickGap={16} />
        <YAxis domain={domain} unit={unit} {...CHART_AXIS} />
        <Tooltip formatter={(value) => `${value}${unit}`} />
        <Legend formatter={legendText} />
        {endpoints.map((e, i) => (
          <Line
            key={e.id}
            dataKey={`${series}_${e.id}`}
            name={names[i]}
            stroke={ENDPOINT_COLORS[i]}
            strokeWidth={2}
            connectNulls
            dot={dots}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
