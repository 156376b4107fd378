import { redactSecrets } from "@/lib/activity/redact-secrets";
import { getStorage } from "@/lib/storage/registry";

export type ActivityEntry = {
  kind: string;
  actor: { type: "platform" | "user" | "apiKey" | "system"; id?: string | null; label?: string | null };
  summary: string;
  refs?: Record<string, unknown>;
  before?: unknown;
  after?: unknown;
};

/**
 * Appends to the tenant's activity log; resolves once durable. Callers must never pass a secret in
 * before/after: what looks like one is masked here as a last line of defence.
 */
export async function logActivity(tenantId: string, entry: ActivityEntry): Promise<void> {
  await getStorage().activityLog.append(tenantId, {
    kind: entry.kind,
    actor: { type: entry.actor.type, id: entry.actor.id ?? null, label: entry.actor.label ?? null },
    summary: entry.summary,
    refs: redactSecrets(entry.refs ?? {}) as Record<string, unknown>,
    before: redactSecrets(entry.before ?? null),
    after: redactSecrets(entry.after ?? null),
  });
}
