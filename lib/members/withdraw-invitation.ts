import { getAuth } from "@/lib/auth/auth";

/** Marks one of the tenant's invitations canceled: its link stops working. Logging is the caller's. */
export async function withdrawInvitation(tenantId: string, invitationId: string): Promise<void> {
  const { adapter } = await getAuth().$context;
  await adapter.update({
    model: "invitation",
    where: [
      { field: "id", value: invitationId },
      { field: "organizationId", value: tenantId },
    ],
    update: { status: "canceled" },
  });
}
