import { API_KEY_PREFIX, getAuth } from "@/lib/auth/auth";
import { cachedSessionCaller, rememberSessionCaller } from "@/lib/auth/session-cache";
import { notFound, unauthorized } from "@/lib/errors";
import { getMembership } from "@/lib/tenants/get-membership";
import { listUserTenants } from "@/lib/tenants/list-user-tenants";
import { type Role, tenantIdSchema } from "@/lib/tenants/schemas";

export type Caller =
  | { kind: "user"; userId: string; email: string; name: string; activeTenantId: string | null }
  | { kind: "apiKey"; keyId: string; tenantId: string };

function bearerToken(headers: Headers): string | null {
  const header = headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return header.slice(7).trim();
  return headers.get("x-api-key");
}

/** Identifies a request's caller from its session cookie or a tenant API key; null when neither is valid. */
export async function findCaller(headers: Headers): Promise<Caller | null> {
  const auth = getAuth();
  const token = bearerToken(headers);
  if (token?.startsWith(API_KEY_PREFIX)) {
    const result = await auth.api.verifyApiKey({ body: { key: token } }).catch(() => null);
    if (!result?.valid || !result.key) return null;
    return { kind: "apiKey", keyId: result.key.id, tenantId: String(result.key.referenceId) };
  }
  const { authCookies } = await auth.$context;
  const cookie = sessionCookie(headers, authCookies.sessionToken.name);
  const cached = cookie ? cachedSessionCaller(cookie) : null;
  if (cached) return cached;
  const session = await auth.api.getSession({ headers }).catch(() => null);
  if (!session) return null;
  const active = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null;
  const caller = {
    kind: "user" as const,
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    activeTenantId: active,
  };
  if (cookie) rememberSessionCaller(cookie, caller, new Date(session.session.expiresAt));
  return caller;
}

/** The session cookie's raw (signed) value, or null. */
function sessionCookie(headers: Headers, name: string): string | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

export async function requireCaller(headers: Headers): Promise<Caller> {
  const caller = await findCaller(headers);
  if (!caller) throw unauthorized();
  return caller;
}

export type TenantContext = { tenantId: string; role: Role; caller: Caller };

/**
 * The tenant a request acts on. `x-tenant-id` only selects among the caller's own tenants;
 * anything else answers 404, exactly as if the tenant did not exist.
 */
export async function resolveTenant(caller: Caller, requested?: string | null): Promise<TenantContext> {
  const parsed = requested ? tenantIdSchema.safeParse(requested) : null;
  if (parsed && !parsed.success) throw notFound("Tenant not found");
  const wanted = parsed?.data ?? null;

  if (caller.kind === "apiKey") {
    if (wanted && wanted !== caller.tenantId) throw notFound("Tenant not found");
    // Machine callers act with admin rights inside their own tenant, never as owner.
    return { tenantId: caller.tenantId, role: "admin", caller };
  }

  if (wanted) {
    const membership = await getMembership(wanted, caller.userId);
    if (!membership) throw notFound("Tenant not found");
    return { tenantId: wanted, role: membership.role, caller };
  }
  if (caller.activeTenantId) {
    const membership = await getMembership(caller.activeTenantId, caller.userId);
    if (membership) return { tenantId: caller.activeTenantId, role: membership.role, caller };
  }
  const [first] = await listUserTenants(caller.userId);
  if (!first) throw notFound("You are not a member of any tenant");
  return { tenantId: first.tenantId, role: first.role, caller };
}
