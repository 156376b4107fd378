import { getStorage } from "@/lib/storage/registry";

// A replay reads this far back before the oldest event it replays: clocks of the server that
// logged and the one replaying may disagree, and the log stamps entries when they take their place.
const SKEW_MS = 60_000;
const PAGE = 200;
const MAX_PAGES = 500;

/**
 * The events (`refs.event`) that already have an entry of one of `kinds` in the tenant's log
 * since `since`: how a replay after a crash tells the activity entries it must not write twice.
 * One walk of the log's newest entries, shared by every event replayed for the tenant.
 */
export async function listLoggedEvents(tenantId: string, kinds: string[], since: Date): Promise<Set<string>> {
  const found = new Set<string>();
  const from = new Date(since.getTime() - SKEW_MS);
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await getStorage().activityLog.list(tenantId, { kinds, from, limit: PAGE, cursor });
    if ("invalidCursor" in result) break;
    for (const entry of result.entries) if (typeof entry.refs.event === "string") found.add(entry.refs.event);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return found;
}
