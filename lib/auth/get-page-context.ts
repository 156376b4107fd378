import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { findCaller } from "@/lib/auth/resolve-caller";
import { listUserTenants, type UserTenant } from "@/lib/tenants/list-user-tenants";

export type PageContext = {
  user: { id: string; email: string; name: string };
  tenants: UserTenant[];
  current: UserTenant | null;
};

/** For signed-in pages: the user, their tenants and the active one; no session → the sign-in page. */
export async function getPageContext(): Promise<PageContext> {
  const caller = await findCaller(await headers());
  if (caller?.kind !== "user") redirect("/sign-in");
  const tenants = await listUserTenants(caller.userId);
  const current = tenants.find((t) => t.tenantId === caller.activeTenantId) ?? tenants[0] ?? null;
  return { user: { id: caller.userId, email: caller.email, name: caller.name }, tenants, current };
}
