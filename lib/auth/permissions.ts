import type { Caller, TenantContext } from "@/lib/auth/resolve-caller";
import type { Role } from "@/lib/tenants/schemas";

/**
 * What a route needs of its caller inside the tenant:
 * - `member`: anyone who belongs, and the tenant's API keys;
 * - `admin`: owners and admins, and API keys (they act as admin, never as owner);
 * - `userAdmin`: owners and admins signed in as themselves: a key may not mint keys or change who belongs.
 */
export type Permission = "member" | "admin" | "userAdmin";

export type MemberAdmin = { tenantId: string; role: Role; caller: Extract<Caller, { kind: "user" }> };

/** The one place role rules live: routes ask it, pages ask it for what to show. */
export function hasPermission(
  context: Pick<TenantContext, "role"> & { caller: Pick<Caller, "kind"> },
  permission: Permission,
): boolean {
  const isAdmin = context.role === "owner" || context.role === "admin";
  if (permission === "member") return true;
  if (permission === "admin") return isAdmin;
  return isAdmin && context.caller.kind === "user";
}
