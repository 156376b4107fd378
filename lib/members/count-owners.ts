import { getAuth } from "@/lib/auth/auth";

/** How many owners the tenant has: the last one may be neither demoted nor removed. */
export async function countOwners(tenantId: string): Promise<number> {
  const { adapter } = await getAuth().$context;
  return adapter.count({
    model: "member",
    where: [
      { field: "organizationId", value: tenantId },
      { field: "role", value: "owner" },
    ],
  });
}
