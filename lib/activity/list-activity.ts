import type { ListActivityQuery } from "@/lib/activity/schemas";
import { type ActivityView, toActivityView } from "@/lib/activity/to-activity-view";
import { AppError } from "@/lib/errors";
import { getStorage } from "@/lib/storage/registry";

export type ActivityPage = {
  entries: ActivityView[];
  /** Continue below the last entry returned (or where the storage stopped looking); null at the end. */
  nextCursor: string | null;
};

/**
 * The tenant's activity, newest first. Entries written after the first page sit above it, so
 * following `nextCursor` returns each entry once; a cursor the storage cannot continue from
 * (malformed, or made for other filters) is a 400 on `cursor`.
 */
export async function listActivity(
  tenantId: string,
  query: Pick<ListActivityQuery, "limit" | "kind" | "actor" | "from" | "to" | "cursor">,
): Promise<ActivityPage> {
  const page = await getStorage().activityLog.list(tenantId, {
    limit: query.limit,
    kinds: query.kind,
    actor: query.actor,
    from: query.from,
    to: query.to,
    cursor: query.cursor,
  });
  if ("invalidCursor" in page) {
    throw new AppError("validation_failed", "Invalid input", [{ path: "cursor", message: page.invalidCursor }]);
  }
  return { entries: page.entries.map(toActivityView), nextCursor: page.nextCursor };
}
