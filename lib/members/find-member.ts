import { getAuth } from "@/lib/auth/auth";
import type { MemberView } from "@/lib/members/list-members";
import { recordIdSchema } from "@/lib/members/schemas";
import type { Role } from "@/lib/tenants/schemas";

/** One member of the tenant with their account's name and email, or null (also for a malformed id). */
export async function findMember(tenantId: string, userId: string): Promise<MemberView | null> {
  if (!recordIdSchema.safeParse(userId).success) return null;
  const { adapter } = await getAuth().$context;
  const member = await adapter.findOne<{ role: Role; createdAt: Date }>({
    model: "member",
    where: [
      { field: "organizationId", value: tenantId },
      { field: "userId", value: userId },
    ],
  });
  if (!member) return null;
  const user = await adapter.findOne<{ name: string; email: string }>({
    model: "user",
    where: [{ field: "id", value: userId }],
  });
  return {
    userId,
    name: user?.name ?? "",
    email: user?.email ?? "(deleted account)",
    role: member.role,
    joinedAt: new Date(member.createdAt).toISOString(),
  };
}
