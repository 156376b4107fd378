import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { mongodbAdapter } from "better-auth/adapters/mongodb";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { organization } from "better-auth/plugins";
import { logActivity } from "@/lib/activity/log-activity";
import { hashPassword } from "@/lib/auth/hash-password";
import { matchesPasswordHash } from "@/lib/auth/matches-password-hash";
import { forgetSessionCallers } from "@/lib/auth/session-cache";
import { getEnv } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { evictFromTenant } from "@/lib/realtime/evict-from-tenant";
import { services } from "@/lib/services/registry";
import { getNativeDb } from "@/lib/storage/database/connect";

export const API_KEY_PREFIX = "pb_";

// Endpoints after which a cached session (lib/auth/session-cache.ts) may no longer say the truth.
const SESSION_CHANGES = ["/sign-out", "/revoke-", "/organization/set-active", "/update-user", "/change-", "/delete-user"];

// Members, invitations and API keys change only through our routes (lib/members, lib/api-keys),
// which enforce the owner rules and write the activity log; the plugins' own HTTP endpoints for
// them are closed. Calls from our server code (auth.api.*, no request) still run.
const MANAGED_ELSEWHERE = new Set([
  "/organization/invite-member",
  "/organization/accept-invitation",
  "/organization/reject-invitation",
  "/organization/cancel-invitation",
  "/organization/update-member-role",
  "/organization/remove-member",
  "/organization/add-member",
  "/api-key/create",
  "/api-key/update",
  "/api-key/delete",
]);

function createAuth() {
  const env = getEnv();
  return betterAuth({
    appName: "Pulseboard",
    baseURL: env.BASE_URL,
    secret: env.APP_SECRET,
    // No client handle is passed: FerretDB has no transactions, and every write here is single-document.
    database: mongodbAdapter(getNativeDb()),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      password: { hash: (password) => hashPassword(password, env.AUTH_PASSWORD_COST), verify: matchesPasswordHash },
    },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: env.AUTH_RATE_LIMIT_PER_MIN },
        "/sign-up/email": { window: 60, max: env.AUTH_RATE_LIMIT_PER_MIN },
        "/change-password": { window: 60, max: env.AUTH_RATE_LIMIT_PER_MIN },
        "/change-email": { window: 60, max: env.AUTH_RATE_LIMIT_PER_MIN },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // Tenants are created only through lib/tenants/create-tenant.ts, which also writes the
    // tenant's webhook settings; the plugin's own create endpoint is closed.
    plugins: [
      organization({
        allowUserToCreateOrganization: false,
        creatorRole: "owner",
        // Nobody's email is verified (no mail server); the invitation link's HMAC token
        // (lib/members/invitation-link.ts) is what proves the invitee was handed the link.
        requireEmailVerificationOnInvitation: false,
        // A removed member stops receiving the tenant's live events at once (lib/tenants/remove-member.ts does the same).
        organizationHooks: {
          afterRemoveMember: async ({ member }) => evictFromTenant(String(member.organizationId), String(member.userId)),
        },
      }),
      // The plugin's default rate limit (10 requests a day per key) would stop any real integration;
      // without it, every verification records the key's last use.
      apiKey({ references: "organization", defaultPrefix: API_KEY_PREFIX, enableMetadata: true, rateLimit: { enabled: false } }),
    ],
    telemetry: { enabled: false },
    // Leaving a tenant (the one member change still on the plugin's endpoint) runs no organization
    // hook: its answer, the membership it deleted, says who left.
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.request && MANAGED_ELSEWHERE.has(ctx.path)) throw new APIError("NOT_FOUND", { message: "Not found" });
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (SESSION_CHANGES.some((path) => ctx.path.startsWith(path))) forgetSessionCallers();
        if (ctx.path !== "/organization/leave") return;
        const left = ctx.context.returned as { organizationId?: unknown; userId?: unknown; role?: unknown } | undefined;
        if (!left?.organizationId || !left.userId) return;
        const tenantId = String(left.organizationId);
        evictFromTenant(tenantId, String(left.userId));
        const user = await ctx.context.adapter.findOne<{ email: string }>({
          model: "user",
          where: [{ field: "id", value: String(left.userId) }],
        });
        const email = user?.email ?? null;
        await logActivity(tenantId, {
          kind: "member.left",
          actor: { type: "user", id: String(left.userId), label: email },
          summary: `${email ?? "A member"} left`,
          refs: { userId: String(left.userId) },
          before: { email, role: left.role ?? null },
          after: null,
        });
      }),
    },
    // The same list our own guard (lib/http/guard-request.ts) trusts: BASE_URL's origin and TRUSTED_ORIGINS.
    trustedOrigins: env.TRUSTED_ORIGINS,
    // Secure (and __Secure- prefixed) cookies whenever BASE_URL is https, i.e. in production deployments.
    advanced: {
      useSecureCookies: env.BASE_URL.startsWith("https://"),
      // The address server.ts computed (socket, or X-Forwarded-For behind TRUST_PROXY hops); a
      // client-sent X-Forwarded-For would otherwise give every guess its own sign-in budget.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      // The adapter's default (100 rows) would silently cut a tenant's members, keys or invitations,
      // and a user's tenants; lists that can grow further page explicitly (list-tenants).
      database: { defaultFindManyLimit: 5_000 },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

// One instance for the process (lib/services/registry.ts): server.ts (Socket.IO handshakes) and
// Next's bundle (pages, route handlers) live in different module graphs.
export function getAuth(): Auth {
  const slots = services();
  slots.auth ??= createAuth();
  return slots.auth;
}
