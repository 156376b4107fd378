import { Line } from "recharts";
import type { InsightRange } from "@/lib/insights/schemas";

// What every chart on the Insights page shares: its colours, labels and sentences.

export const LIVE_COALESCE_MS = 2_000;
export const RANGE_LABELS: Record<InsightRange, string> = {
  "24h": "24 hours",
  "7d": "7 days",
  "30d": "30 days",
  "90d": "90 days",
};
// Tailwind's palette variables, which dark mode turns over (app/globals.css); the hex is light mode's.
export const COLORS = {
  current: "var(--color-indigo-600, #4f46e5)",
  previous: "var(--color-slate-400, #90a1b9)",
  grid: "var(--color-slate-200, #e2e8f0)",
  axis: "var(--color-slate-500, #62748e)",
  paid: "var(--color-emerald-600, #009966)",
  failed: "var(--color-red-600, #e7000b)",
  pending: "var(--color-amber-500, #fe9a00)",
  refunded: "var(--color-violet-500, #8e51ff)",
};
export const capitalized = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);
// Legend labels in the text colour: the series' own colours are too light to read as text.
export const legendText = (value: string) => <span style={{ color: "var(--color-slate-700, #314158)" }}>{value}</span>;
// The same buckets one period earlier: a dashed line behind the current figures.
export const periodBefore = (dataKey: string) => (
  <Line
    dataKey={dataKey}
    name="Period before"
    stroke={COLORS.previous}
    strokeDasharray="4 4"
    dot={false}
    isAnimationActive={false}
  />
);
export const counted = (count: number, noun: string, plural = `${noun}s`) => `${count} ${count === 1 ? noun : plural}`;

export function labelOf(insights: { granularity: "hour" | "day"; tz: string }, iso: string, long = false): string {
  const options: Intl.DateTimeFormatOptions =
    insights.granularity === "hour"
      ? { timeZone: insights.tz, hour: "2-digit", minute: "2-digit", ...(long ? { weekday: "short" } : {}) }
      : { timeZone: insights.tz, month: "short", day: "numeric", ...(long ? { weekday: "short" } : {}) };
  return new Intl.DateTimeFormat("en-US", options).format(new Date(iso));
}

export function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? "no change" : "none the period before";
  const percent = Math.round(((now - before) / before) * 100);
  return `${percent >= 0 ? "+" : ""}${percent}% on the period before`;
}

export const CHART_AXIS = { stroke: COLORS.axis, fontSize: 12, tickLine: false };
