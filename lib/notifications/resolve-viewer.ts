import type { TenantContext } from "@/lib/auth/resolve-caller";
import { notFound } from "@/lib/errors";
import { getMembership } from "@/lib/tenants/get-membership";

/**
 * Whose inbox a request reads: a signed-in member always reads their own; a tenant API key may
 * name a member with `userId` (or reads the tenant feed alone, with no read state). Anyone else's
 * inbox answers 404, as if it did not exist.
 */
export async function resolveViewer(context: TenantContext, userId?: string | null): Promise<string | null> {
  const { caller, tenantId } = context;
  if (caller.kind === "user") {
    if (userId && userId !== caller.userId) throw notFound("Inbox not found");
    return caller.userId;
  }
  if (!userId) return null;
  if (!(await getMembership(tenantId, userId))) throw notFound("Inbox not found");
  return userId;
}
