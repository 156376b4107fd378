import type { Metadata } from "next";
import { LiveDashboard } from "@/components/dashboard/live-dashboard";
import { PageHeader } from "@/components/page-header";
import { getPageContext } from "@/lib/auth/get-page-context";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  return (
    <>
      <PageHeader title="Dashboard" description={<span data-testid="dashboard-tenant">{current.name}</span>} />
      <LiveDashboard tenantId={current.tenantId} />
    </>
  );
}
