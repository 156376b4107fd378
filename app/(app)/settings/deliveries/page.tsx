import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { AcceptedDeliveries } from "@/components/webhook-settings/accepted-deliveries";
import { RejectedDeliveries } from "@/components/webhook-settings/rejected-deliveries";
import { getPageContext } from "@/lib/auth/get-page-context";
import { listSources } from "@/lib/sources/list-sources";

export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage() {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  // The workspace's sources, by name, for the lists' source and route filters.
  const sources = (await listSources(current.tenantId)).map(({ id, name }) => ({ id, name }));
  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every request your platforms sent to this workspace's URLs: what was accepted, and what was refused and why."
      />
      <div className="space-y-6">
        <AcceptedDeliveries tenantId={current.tenantId} sources={sources} />
        <RejectedDeliveries tenantId={current.tenantId} sources={sources} />
      </div>
    </>
  );
}
