import type { Caller, TenantContext } from "@/lib/auth/resolve-caller";
import { forbidden } from "@/lib/errors";
import type { Role } from "@/lib/tenants/schemas";

export type MemberAdmin = { tenantId: string; role: Role; caller: Extract<Caller, { kind: "user" }> };

/**
 * Members and API keys are managed by the tenant's owners and admins, signed in as themselves:
 * an API key (which acts as admin elsewhere) may not mint keys or change who belongs.
 */
export function requireMemberAdmin(context: TenantContext, what = "manage members and API keys"): MemberAdmin {
  const { caller, role, tenantId } = context;
  if (caller.kind !== "user" || (role !== "owner" && role !== "admin")) {
    throw forbidden(`Only owners and admins can ${what}`);
  }
  return { tenantId, role, caller };
}
