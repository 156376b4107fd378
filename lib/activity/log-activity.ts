import { insertBatched } from "@/lib/db/insert-batched";
import { ActivityLog } from "@/models/activity-log";

export type ActivityEntry = {
  kind: string;
  actor: { type: "platform" | "user" | "apiKey" | "system"; id?: string | null; label?: string | null };
  summary: string;
  refs?: Record<string, unknown>;
  before?: unknown;
  after?: unknown;
};

/** Appends to the tenant's activity log. Callers must never pass a secret in before/after. */
export async function logActivity(tenantId: string, entry: ActivityEntry): Promise<void> {
  await insertBatched(ActivityLog, {
    tenantId,
    ...entry,
    before: entry.before ?? null,
    after: entry.after ?? null,
    refs: entry.refs ?? {},
  });
}
