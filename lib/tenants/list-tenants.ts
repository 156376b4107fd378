import { getAuth } from "@/lib/auth/auth";

const PAGE = 500;

export type TenantSummary = { tenantId: string; name: string; slug: string; members: number; createdAt: Date };

/** Every tenant on this installation — for the operator's CLI, never for a route. */
export async function listTenants(): Promise<TenantSummary[]> {
  const { adapter } = await getAuth().$context;
  type Organization = { id: string; name: string; slug: string; createdAt: Date };
  // Page by page: the adapter returns 100 rows when no limit is given, and an installation has more tenants.
  const organizations: Organization[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await adapter.findMany<Organization>({
      model: "organization",
      sortBy: { field: "createdAt", direction: "asc" },
      limit: PAGE,
      offset,
    });
    organizations.push(...page);
    if (page.length < PAGE) break;
  }
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
