import { getAuth } from "@/lib/auth/auth";

export type TenantSummary = { tenantId: string; name: string; slug: string; members: number; createdAt: Date };

/** Every tenant on this installation — for the operator's CLI, never for a route. */
export async function listTenants(): Promise<TenantSummary[]> {
  const { adapter } = await getAuth().$context;
  const organizations = await adapter.findMany<{ id: string; name: string; slug: string; createdAt: Date }>({
    model: "organization",
    sortBy: { field: "createdAt", direction: "asc" },
  });
  return Promise.all(
    organizations.map(async (org) => ({
      tenantId: String(org.id),
      name: org.name,
      slug: org.slug,
      createdAt: org.createdAt,
      members: await adapter.count({ model: "member", where: [{ field: "organizationId", value: String(org.id) }] }),
    })),
  );
}
