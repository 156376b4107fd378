import { LayoutDashboard } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { getPageContext } from "@/lib/auth/get-page-context";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { current } = await getPageContext();
  return (
    <>
      <PageHeader title="Dashboard" description={<span data-testid="dashboard-tenant">{current?.name}</span>} />
      <EmptyState icon={LayoutDashboard} title="Waiting for your first webhook">
        Orders, payments and alerts from your store will appear here live as soon as they arrive.
      </EmptyState>
    </>
  );
}
