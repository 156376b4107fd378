import { getAuth } from "@/lib/auth/auth";
import { notFound } from "@/lib/errors";

export type TenantInfo = { tenantId: string; name: string; slug: string };

export async function getTenant(tenantId: string): Promise<TenantInfo> {
  const { adapter } = await getAuth().$context;
  const org = await adapter.findOne<{ id: string; name: string; slug: string }>({
    model: "organization",
    where: [{ field: "id", value: tenantId }],
  });
  if (!org) throw notFound("Tenant not found");
  return { tenantId: String(org.id), name: org.name, slug: org.slug };
}
