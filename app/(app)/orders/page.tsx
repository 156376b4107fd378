import type { Metadata } from "next";
import { OrdersView } from "@/components/orders/orders-view";
import { getPageContext } from "@/lib/auth/get-page-context";
import { orderPageFiltersSchema } from "@/lib/orders/client/filters";
import { listSources } from "@/lib/sources/list-sources";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const params = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const filters = orderPageFiltersSchema.parse(
    Object.fromEntries(["q", "status", "paymentStatus", "source", "from", "to"].map((key) => [key, first(params[key])])),
  );
  const sources = (await listSources(current.tenantId)).map(({ id, name, type }) => ({ id, name, type }));
  // Keyed by tenant: switching workspaces starts a fresh list rather than mixing two stores' orders.
  return <OrdersView key={current.tenantId} tenantId={current.tenantId} initialFilters={filters} sources={sources} />;
}
