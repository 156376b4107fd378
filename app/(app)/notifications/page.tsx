import type { Metadata } from "next";
import { NotificationsView } from "@/components/notifications/notifications-view";
import { pageFiltersSchema } from "@/lib/notifications/client/filters";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const params = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const filters = pageFiltersSchema.parse({
    type: first(params.type),
    priority: first(params.priority),
    tab: first(params.tab),
    read: first(params.read),
  });
  return <NotificationsView initialFilters={filters} />;
}
