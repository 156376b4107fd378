import type { Metadata } from "next";
import { InsightsView } from "@/components/insights/insights-view";
import { getPageContext } from "@/lib/auth/get-page-context";
import { INSIGHT_RANGES, type InsightRange } from "@/lib/insights/schemas";

export const metadata: Metadata = { title: "Insights" };

export default async function InsightsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const asked = (await searchParams).range;
  const range = INSIGHT_RANGES.find((value) => value === asked) ?? ("7d" satisfies InsightRange);
  return <InsightsView key={current.tenantId} tenantId={current.tenantId} initialRange={range} />;
}
