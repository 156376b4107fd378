import type { Metadata } from "next";
import { AlertsView } from "@/components/alerts/alerts-view";
import { getPageContext } from "@/lib/auth/get-page-context";
import { hasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const canResolve = hasPermission({ role: current.role, caller: { kind: "user" } }, "admin");
  return <AlertsView key={current.tenantId} tenantId={current.tenantId} canResolve={canResolve} />;
}
