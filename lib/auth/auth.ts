import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { mongodbAdapter } from "better-auth/adapters/mongodb";
import { createAuthMiddleware } from "better-auth/api";
import { organization } from "better-auth/plugins";
import { forgetSessionCallers } from "@/lib/auth/session-cache";
import { getNativeDb } from "@/lib/db/connect";
import { getEnv } from "@/lib/env";
import { evictFromTenant } from "@/lib/realtime/evict-from-tenant";

export const API_KEY_PREFIX = "pb_";

// Endpoints after which a cached session (lib/auth/session-cache.ts) may no longer say the truth.
const SESSION_CHANGES = ["/sign-out", "/revoke-", "/organization/set-active", "/update-user", "/change-", "/delete-user"];

function createAuth() {
  const env = getEnv();
  return betterAuth({
    appName: "Pulseboard",
    baseURL: env.BASE_URL,
    secret: env.APP_SECRET,
    // No client handle is passed: FerretDB has no transactions, and every write here is single-document.
    database: mongodbAdapter(getNativeDb()),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: env.AUTH_RATE_LIMIT_PER_MIN },
        "/sign-up/email": { window: 60, max: env.AUTH_RATE_LIMIT_PER_MIN },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // Tenants are created only through lib/tenants/create-tenant.ts, which also writes the
    // tenant's webhook settings; the plugin's own create endpoint is closed.
    plugins: [
      organization({
        allowUserToCreateOrganization: false,
        creatorRole: "owner",
        // A removed member stops receiving the tenant's live events at once (lib/tenants/remove-member.ts does the same).
        organizationHooks: {
          afterRemoveMember: async ({ member }) => evictFromTenant(String(member.organizationId), String(member.userId)),
        },
      }),
      apiKey({ references: "organization", defaultPrefix: API_KEY_PREFIX, enableMetadata: true }),
    ],
    telemetry: { enabled: false },
    // Leaving a tenant runs no organization hook: its answer (the membership it deleted) says who left.
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        if (SESSION_CHANGES.some((path) => ctx.path.startsWith(path))) forgetSessionCallers();
        if (ctx.path !== "/organization/leave") return;
        const left = ctx.context.returned as { organizationId?: unknown; userId?: unknown } | undefined;
        if (left?.organizationId && left.userId) evictFromTenant(String(left.organizationId), String(left.userId));
      }),
    },
    // BASE_URL plus the loopback forms of the same port, so a newcomer can use either address.
    trustedOrigins: [env.BASE_URL],
    // Secure (and __Secure- prefixed) cookies whenever BASE_URL is https, i.e. in production deployments.
    advanced: { useSecureCookies: env.BASE_URL.startsWith("https://") },
  });
}

export type Auth = ReturnType<typeof createAuth>;

// Shared through globalThis: server.ts (Socket.IO handshakes) and Next's bundle (pages,
// route handlers) live in different module graphs but must use one instance.
const globalForAuth = globalThis as unknown as { __pulseboardAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.__pulseboardAuth ??= createAuth();
  return globalForAuth.__pulseboardAuth;
}
