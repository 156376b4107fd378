import type { Metadata } from "next";
import { MembersPanel } from "@/components/members/members-panel";
import { PageHeader } from "@/components/page-header";
import { getPageContext } from "@/lib/auth/get-page-context";
import { hasPermission } from "@/lib/auth/permissions";
import { listInvitations } from "@/lib/members/list-invitations";
import { listMembers } from "@/lib/members/list-members";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { user, current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const canManage = hasPermission({ role: current.role, caller: { kind: "user" } }, "userAdmin");
  const [members, invitations] = await Promise.all([
    listMembers(current.tenantId),
    canManage ? listInvitations(current.tenantId) : [],
  ]);
  return (
    <>
      <PageHeader title="Members" description="Who can see this workspace, and what each person may change." />
      <MembersPanel
        tenantId={current.tenantId}
        myUserId={user.id}
        myRole={current.role}
        canManage={canManage}
        initialMembers={members}
        initialInvitations={invitations}
      />
    </>
  );
}
