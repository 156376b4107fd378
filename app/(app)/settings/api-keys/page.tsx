import type { Metadata } from "next";
import { ApiKeysPanel } from "@/components/members/api-keys-panel";
import { PageHeader } from "@/components/page-header";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { getPageContext } from "@/lib/auth/get-page-context";
import { hasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const canManage = hasPermission({ role: current.role, caller: { kind: "user" } }, "userAdmin");
  const keys = await listApiKeys(current.tenantId);
  return (
    <>
      <PageHeader title="API keys" description="Which machines may call this workspace's API." />
      <ApiKeysPanel tenantId={current.tenantId} canManage={canManage} initial={keys} />
    </>
  );
}
