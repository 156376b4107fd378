import { getAuth } from "@/lib/auth/auth";
import type { Role } from "@/lib/tenants/schemas";

export type MemberView = { userId: string; name: string; email: string; role: Role; joinedAt: string };

const roleOrder: Record<Role, number> = { owner: 0, admin: 1, member: 2 };

/** The tenant's members, owners first, then by when they joined. */
export async function listMembers(tenantId: string): Promise<MemberView[]> {
  const { adapter } = await getAuth().$context;
  const members = await adapter.findMany<{ userId: string; role: Role; createdAt: Date }>({
    model: "member",
    where: [{ field: "organizationId", value: tenantId }],
  });
  if (members.length === 0) return [];
  const users = await adapter.findMany<{ id: string; name: string; email: string }>({
    model: "user",
    where: [{ field: "id", operator: "in", value: members.map((m) => String(m.userId)) }],
  });
  const byId = new Map(users.map((u) => [String(u.id), u]));
  return members
    .map((m) => {
      const user = byId.get(String(m.userId));
      return {
        userId: String(m.userId),
        name: user?.name ?? "",
        email: user?.email ?? "(deleted account)",
        role: m.role,
        joinedAt: new Date(m.createdAt).toISOString(),
      };
    })
    .sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || a.joinedAt.localeCompare(b.joinedAt));
}
