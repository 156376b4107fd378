import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { clearAlert } from "@/lib/alerts/clear-alert";
import { AppError, notFound } from "@/lib/errors";
import { findSource } from "@/lib/sources/find-source";
import { parseSourceOptions, type SourceView, type UpdateSourceInput } from "@/lib/sources/schemas";
import { forgetSource } from "@/lib/sources/source-cache";
import { toSourceView } from "@/lib/sources/to-source-view";
import { getStorage } from "@/lib/storage/registry";

/** Renames, enables or disables a source, or replaces its options (validated by its type). */
export async function updateSource(
  tenantId: string,
  sourceId: string,
  change: UpdateSourceInput,
  actor: ActivityEntry["actor"],
): Promise<SourceView> {
  const before = await findSource(tenantId, sourceId);
  let options: Record<string, unknown> | undefined;
  if (change.options !== undefined) {
    const parsed = parseSourceOptions(before.type, change.options);
    if (!parsed.success)
      throw new AppError(
        "validation_failed",
        "Invalid input",
        parsed.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
      );
    options = parsed.data;
  }
  const updated = await getStorage().sources.update(tenantId, before.id, {
    name: change.name,
    enabled: change.enabled,
    options,
    silentAfterHours: change.silentAfterHours,
  });
  if (!updated) throw notFound("Source not found");
  forgetSource(tenantId, before.id);
  // A source no longer watched (disabled, or its limit removed) is visited by no later pass.
  if (before.enabled && before.silentAfterHours && (!updated.enabled || !updated.silentAfterHours))
    await clearAlert(
      tenantId,
      { kind: "source-silent", subject: before.id },
      actor,
      updated.enabled ? "its silence limit was removed" : "the source was disabled",
    );
  const enabledChanged = change.enabled !== undefined && change.enabled !== before.enabled;
  await logActivity(tenantId, {
    kind:
      enabledChanged && Object.keys(change).length === 1
        ? change.enabled
          ? "source.enabled"
          : "source.disabled"
        : "source.updated",
    actor,
    summary: enabledChanged
      ? `Source ${updated.name} ${change.enabled ? "enabled" : "disabled"}`
      : `Source ${updated.name} changed`,
    refs: { sourceId: updated.id },
    before: { name: before.name, enabled: before.enabled, options: before.options, silentAfterHours: before.silentAfterHours },
    after: { name: updated.name, enabled: updated.enabled, options: updated.options, silentAfterHours: updated.silentAfterHours },
  });
  return toSourceView(updated);
}
