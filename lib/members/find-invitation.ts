import { getAuth } from "@/lib/auth/auth";
import { isInvitationToken } from "@/lib/members/invitation-link";
import { recordIdSchema } from "@/lib/members/schemas";
import type { Role } from "@/lib/tenants/schemas";

export type PendingInvitation = { id: string; tenantId: string; tenantName: string; email: string; role: Role; expiresAt: Date };

/**
 * A pending, unexpired invitation, found by its link (id + token); null otherwise — a wrong token
 * and an unknown id look the same. With `tenantId` (an admin's look-up), only that tenant's.
 */
export async function findInvitation(
  id: string,
  check: { token: string } | { tenantId: string },
): Promise<PendingInvitation | null> {
  if (!recordIdSchema.safeParse(id).success) return null;
  if ("token" in check && !isInvitationToken(id, check.token)) return null;
  const { adapter } = await getAuth().$context;
  const row = await adapter.findOne<{
    organizationId: string;
    email: string;
    role: Role;
    status: string;
    expiresAt: Date;
  }>({ model: "invitation", where: [{ field: "id", value: id }] });
  if (row?.status !== "pending" || new Date(row.expiresAt).getTime() <= Date.now()) return null;
  const tenantId = String(row.organizationId);
  if ("tenantId" in check && check.tenantId !== tenantId) return null;
  const tenant = await adapter.findOne<{ name: string }>({ model: "organization", where: [{ field: "id", value: tenantId }] });
  if (!tenant) return null;
  return { id, tenantId, tenantName: tenant.name, email: row.email, role: row.role, expiresAt: new Date(row.expiresAt) };
}
