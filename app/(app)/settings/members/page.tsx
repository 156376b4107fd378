import type { Metadata } from "next";
import { ApiKeysPanel } from "@/components/members/api-keys-panel";
import { MembersPanel } from "@/components/members/members-panel";
import { PageHeader } from "@/components/page-header";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { getPageContext } from "@/lib/auth/get-page-context";
import { hasPermission } from "@/lib/auth/permissions";
import { listInvitations } from "@/lib/members/list-invitations";
import { listMembers } from "@/lib/members/list-members";

export const metadata: Metadata = { title: "Members & API keys" };

export default async function MembersPage() {
  const { user, current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const canManage = hasPermission({ role: current.role, caller: { kind: "user" } }, "userAdmin");
  const [members, invitations, keys] = await Promise.all([
    listMembers(current.tenantId),
    canManage ? listInvitations(current.tenantId) : [],
    listApiKeys(current.tenantId),
  ]);
  return (
    <>
      <PageHeader title="Members & API keys" description="Who can see this workspace, and which machines may call its API." />
      <div className="space-y-6">
        <MembersPanel
          tenantId={current.tenantId}
          myUserId={user.id}
          myRole={current.role}
          canManage={canManage}
          initialMembers={members}
          initialInvitations={invitations}
        />
        <ApiKeysPanel tenantId={current.tenantId} canManage={canManage} initial={keys} />
      </div>
    </>
  );
}
