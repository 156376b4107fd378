import { getAuth } from "@/lib/auth/auth";
import { invitationLink } from "@/lib/members/invitation-link";
import type { Role } from "@/lib/tenants/schemas";

export type InvitationView = {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  /** Holds the invitation's token: only owners and admins may see it. */
  link: string;
};

type InvitationRow = { id: string; email: string; role: Role; status: string; createdAt: Date; expiresAt: Date };

/** The tenant's invitations still waiting for an answer (expired ones are left out), newest first. */
export async function listInvitations(tenantId: string): Promise<InvitationView[]> {
  const { adapter } = await getAuth().$context;
  const rows = await adapter.findMany<InvitationRow>({
    model: "invitation",
    where: [
      { field: "organizationId", value: tenantId },
      { field: "status", value: "pending" },
    ],
  });
  const now = Date.now();
  return rows
    .filter((row) => new Date(row.expiresAt).getTime() > now)
    .map((row) => ({
      id: String(row.id),
      email: row.email,
      role: row.role,
      createdAt: new Date(row.createdAt).toISOString(),
      expiresAt: new Date(row.expiresAt).toISOString(),
      link: invitationLink(String(row.id)),
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
