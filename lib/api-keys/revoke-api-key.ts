import { actorOf } from "@/lib/activity/actor-of";
import { logActivity } from "@/lib/activity/log-activity";
import { getAuth } from "@/lib/auth/auth";
import type { MemberAdmin } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { recordIdSchema } from "@/lib/members/schemas";

/**
 * Deletes one of the tenant's API keys: the next request with it answers 401 (keys are verified
 * against the database on every request). Another tenant's key is not found.
 */
export async function revokeApiKey(admin: MemberAdmin, keyId: string): Promise<void> {
  if (!recordIdSchema.safeParse(keyId).success) throw notFound("API key not found");
  const { adapter } = await getAuth().$context;
  const where = [
    { field: "id", value: keyId },
    { field: "referenceId", value: admin.tenantId },
  ];
  const key = await adapter.findOne<{ name: string | null; start: string | null }>({ model: "apikey", where });
  if (!key) throw notFound("API key not found");
  await adapter.delete({ model: "apikey", where });
  await logActivity(admin.tenantId, {
    kind: "apiKey.revoked",
    actor: actorOf(admin.caller),
    summary: `API key "${key.name ?? "(unnamed)"}" revoked`,
    refs: { apiKeyId: keyId },
    before: { name: key.name, start: key.start },
    after: null,
  });
}
