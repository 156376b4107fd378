import type { TenantContext } from "@/lib/auth/resolve-caller";
import { forbidden } from "@/lib/errors";

/** Settings change only by the tenant's owners and admins (and its API keys, which act as admin). */
export function requireSettingsAdmin(context: TenantContext): void {
  if (context.role !== "owner" && context.role !== "admin") {
    throw forbidden("Only owners and admins can change webhook settings");
  }
}
