import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndpointDetail } from "@/components/outbound/endpoint-detail";
import { PageHeader } from "@/components/page-header";
import { getPageContext } from "@/lib/auth/get-page-context";
import { hasPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getEndpointView } from "@/lib/outbound/get-endpoint-view";
import type { EndpointView } from "@/lib/outbound/schemas";

export const metadata: Metadata = { title: "Outbound endpoint" };

export default async function EndpointPage({ params }: { params: Promise<{ endpointId: string }> }) {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const canEdit = hasPermission({ role: current.role, caller: { kind: "user" } }, "admin");
  let endpoint: EndpointView;
  try {
    endpoint = await getEndpointView(current.tenantId, (await params).endpointId, { showHeaderValues: canEdit });
  } catch (error) {
    // Another tenant's endpoint, or none: the app's own not-found page.
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  return (
    <>
      <PageHeader title={endpoint.description || "Outbound endpoint"} description={endpoint.url} />
      <EndpointDetail tenantId={current.tenantId} initial={endpoint} canEdit={canEdit} />
    </>
  );
}
