import type { Metadata } from "next";
import { ActivityView } from "@/components/activity/activity-view";
import { pageFiltersSchema } from "@/lib/activity/client/filters";
import { getPageContext } from "@/lib/auth/get-page-context";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const params = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const filters = pageFiltersSchema.parse({
    kind: first(params.kind),
    actor: first(params.actor),
    from: first(params.from),
    to: first(params.to),
  });
  // Keyed by tenant: switching workspaces starts a fresh list rather than mixing two logs.
  return <ActivityView key={current.tenantId} tenantId={current.tenantId} initialFilters={filters} />;
}
