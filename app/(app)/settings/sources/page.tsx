import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SourcesPanel } from "@/components/sources/sources-panel";
import { getPageContext } from "@/lib/auth/get-page-context";
import { hasPermission } from "@/lib/auth/permissions";
import { listSources } from "@/lib/sources/list-sources";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage() {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const canEdit = hasPermission({ role: current.role, caller: { kind: "user" } }, "admin");
  const sources = await listSources(current.tenantId);
  return (
    <>
      <PageHeader
        title="Sources"
        description="Platforms that post in their own formats: verified by their own signatures, turned into orders and payments."
      />
      <SourcesPanel tenantId={current.tenantId} canEdit={canEdit} initial={sources} />
    </>
  );
}
