import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { clearAlert } from "@/lib/alerts/clear-alert";
import { notFound } from "@/lib/errors";
import { findSource } from "@/lib/sources/find-source";
import { forgetSource } from "@/lib/sources/source-cache";
import { getStorage } from "@/lib/storage/registry";

/** Removes a source: its URL answers 404 from then on; its stored deliveries stay in the log. */
export async function removeSource(tenantId: string, sourceId: string, actor: ActivityEntry["actor"]): Promise<void> {
  const source = await findSource(tenantId, sourceId);
  if (!(await getStorage().sources.remove(tenantId, source.id))) throw notFound("Source not found");
  forgetSource(tenantId, source.id);
  await clearAlert(tenantId, { kind: "source-silent", subject: source.id }, actor, "the source was removed");
  await logActivity(tenantId, {
    kind: "source.removed",
    actor,
    summary: `Source removed: ${source.name} (${source.type})`,
    refs: { sourceId: source.id },
    before: { type: source.type, name: source.name, enabled: source.enabled },
  });
}
