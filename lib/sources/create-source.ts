import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { sealSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { CreateSourceInput, SourceView } from "@/lib/sources/schemas";
import { toSourceView } from "@/lib/sources/to-source-view";
import { getStorage } from "@/lib/storage/registry";
import { generateWebhookSecret } from "@/lib/tenants/generate-webhook-secret";

const MAX_SOURCES = 20;

/** Adds a source; its secret (the one given, or a generated one) is returned in clear this once. */
export async function createSource(
  tenantId: string,
  input: CreateSourceInput,
  actor: ActivityEntry["actor"],
): Promise<{ source: SourceView; secret: string }> {
  const sources = getStorage().sources;
  // A check, then an insert: it bounds the per-tenant list, it is not a security boundary.
  if ((await sources.count(tenantId)) >= MAX_SOURCES) {
    throw new AppError("conflict", `A tenant can have at most ${MAX_SOURCES} sources`);
  }
  const secret = input.secret ?? generateWebhookSecret();
  const stored = await sources.create(tenantId, (id) => ({
    type: input.type,
    name: input.name,
    enabled: input.enabled,
    options: input.options,
    silentAfterHours: input.silentAfterHours,
    secretSealed: sealSecret(secret, getEnv().APP_SECRET, id),
  }));
  if (!stored) throw new AppError("not_found", "Tenant not found");
  const source = toSourceView(stored);
  await logActivity(tenantId, {
    kind: "source.created",
    actor,
    summary: `Source added: ${source.name} (${source.type})`,
    refs: { sourceId: source.id },
    after: {
      type: source.type,
      name: source.name,
      enabled: source.enabled,
      options: source.options,
      silentAfterHours: source.silentAfterHours,
    },
  });
  return { source, secret };
}
