import { actorOf } from "@/lib/activity/actor-of";
import { logActivity } from "@/lib/activity/log-activity";
import type { ApiKeyView } from "@/lib/api-keys/list-api-keys";
import { asAppError } from "@/lib/auth/as-app-error";
import { getAuth } from "@/lib/auth/auth";
import type { MemberAdmin } from "@/lib/auth/permissions";

/** A new tenant API key. The key itself is answered once and stored only hashed; the log never sees it. */
export async function createApiKey(admin: MemberAdmin, name: string): Promise<ApiKeyView & { key: string }> {
  const { tenantId, caller } = admin;
  const created = await getAuth()
    .api.createApiKey({
      body: {
        name,
        organizationId: tenantId,
        userId: caller.userId,
        metadata: { createdById: caller.userId, createdByEmail: caller.email },
      },
    })
    .catch((error: unknown) => {
      throw asAppError(error);
    });
  await logActivity(tenantId, {
    kind: "apiKey.created",
    actor: actorOf(caller),
    summary: `API key "${name}" created`,
    refs: { apiKeyId: created.id },
    before: null,
    after: { name, start: created.start ?? null },
  });
  return {
    id: created.id,
    name,
    start: created.start ?? null,
    createdAt: new Date(created.createdAt).toISOString(),
    lastUsedAt: null,
    createdBy: caller.email,
    key: created.key,
  };
}
