import pLimit from "p-limit";
import { listLoggedEvents } from "@/lib/activity/list-logged-events";
import { getLogger } from "@/lib/logger";
import { getStorage } from "@/lib/storage/registry";
import { eventsRunningHere } from "@/lib/webhooks/ingest/events-running-here";
import type { LoggedEvents } from "@/lib/webhooks/ingest/handle-event";
import { replayDelivery } from "@/lib/webhooks/ingest/replay-delivery";

const PAGE = 200;
// Replays side by side: each mostly waits on the database's group commits, which batch them.
const CONCURRENCY = 8;

/**
 * Replays the journal entries opened before `before` (lib/storage/ports/effect-journal.ts): the
 * effects of accepted events that a crash, or a failed write, left unfinished. Each tenant's
 * activity log is read once per page of entries to tell those already written. Returns how many
 * entries it replayed; one that fails again stays for the next pass.
 */
export async function replayJournal(before: Date): Promise<{ replayed: number; failed: number }> {
  const journal = getStorage().effectJournal;
  let replayed = 0;
  let failed = 0;
  const seen = new Set<string>();
  for (;;) {
    const due = (await journal.listDue(before, PAGE)).filter((entry) => !seen.has(entry.id) && !eventsRunningHere.has(entry.id));
    if (due.length === 0) break;
    // One walk per tenant for this page: it starts after the listing, when none of these events was
    // being written here, so it sees every activity entry they have. (An entry listed by a later page
    // may have been written after an earlier walk began: each page walks again.)
    const walks = new Map<string, Promise<Set<string>>>();
    const loggedEvents: LoggedEvents = (tenantId, since) => {
      let walk = walks.get(tenantId);
      if (!walk) {
        walk = listLoggedEvents(tenantId, ["webhook"], since);
        walks.set(tenantId, walk);
      }
      return walk;
    };
    // Oldest first, so each tenant's walk (started by its oldest entry) covers the later ones.
    const limit = pLimit(CONCURRENCY);
    await Promise.all(
      due.map((entry) =>
        limit(async () => {
          seen.add(entry.id);
          try {
            await replayDelivery(entry, loggedEvents);
            replayed += 1;
          } catch (error) {
            failed += 1;
            getLogger().warn(
              { err: error, tenantId: entry.tenantId, event: entry.id },
              "could not replay an event's effects yet",
            );
          }
        }),
      ),
    );
  }
  return { replayed, failed };
}
