import pLimit from "p-limit";
import { listLoggedEvents } from "@/lib/activity/list-logged-events";
import { getLogger } from "@/lib/logger";
import type { JournalEntry } from "@/lib/storage/ports/effect-journal";
import { getStorage } from "@/lib/storage/registry";
import { eventsRunningHere } from "@/lib/webhooks/ingest/events-running-here";
import type { LoggedEvents } from "@/lib/webhooks/ingest/handle-event";
import { replayDelivery } from "@/lib/webhooks/ingest/replay-delivery";

const PAGE = 200;
// Replays side by side: each mostly waits on the database's group commits, which batch them.
const CONCURRENCY = 8;

/**
 * Replays the journal entries opened before `before` that `take` accepts (lib/storage/ports/effect-journal.ts): the
 * effects of accepted events that a crash, or a failed write, left unfinished. Each tenant's
 * activity log is read once per page of entries to tell those already written. Returns how many
 * entries it replayed; one that fails again stays for the next pass.
 */
export async function replayJournal(
  before: Date,
  take: (entry: JournalEntry) => boolean = () => true,
): Promise<{ replayed: number; failed: number }> {
  const starts = eventsRunningHere.watchStarts();
  try {
    return await replayPages(before, take, starts.ranSince);
  } finally {
    starts.stop();
  }
}

async function replayPages(
  before: Date,
  take: (entry: JournalEntry) => boolean,
  ranSince: (id: string, since: number) => boolean,
): Promise<{ replayed: number; failed: number }> {
  const journal = getStorage().effectJournal;
  let replayed = 0;
  let failed = 0;
  const seen = new Set<string>();
  // Where the listing starts: past pages that held nothing to take (another process's young
  // entries, entries already tried in this pass), so that what lies beyond them is reached.
  let from: Date | undefined;
  for (;;) {
    const listedAt = Date.now();
    const listed = await journal.listDue(before, PAGE, from);
    const due = listed.filter((entry) => !seen.has(entry.id) && !eventsRunningHere.has(entry.id) && take(entry));
    if (due.length === 0) {
      const last = listed.at(-1)?.openedAt;
      // A short page is the end. A full one moves on from its last entry; when that is where it
      // began (a page of entries opened in one millisecond), past that millisecond.
      if (listed.length < PAGE || !last) break;
      from = last.getTime() === from?.getTime() ? new Date(last.getTime() + 1) : last;
      continue;
    }
    // One walk per tenant for this page: it starts after the listing, when none of these events was
    // being written here, so it sees every activity entry they have. (An entry listed by a later page
    // may have been written after an earlier walk began: each page walks again.)
    // The walk reaches back to the tenant's oldest entry of the page, whichever replay asks first:
    // they ask once their record's write is done, and a quick one may come before an older, slow
    // one (a status change reads its order's history), whose activity the walk would then miss
    // (the long kill drill doubled 61 such entries).
    const oldest = new Map<string, Date>();
    for (const entry of due) {
      const known = oldest.get(entry.tenantId);
      if (!known || entry.openedAt < known) oldest.set(entry.tenantId, entry.openedAt);
    }
    const walks = new Map<string, Promise<Set<string>>>();
    const loggedEvents: LoggedEvents = (tenantId, since) => {
      let walk = walks.get(tenantId);
      if (!walk) {
        const first = oldest.get(tenantId);
        walk = listLoggedEvents(tenantId, ["webhook"], first && first < since ? first : since);
        walks.set(tenantId, walk);
      }
      return walk;
    };
    const limit = pLimit(CONCURRENCY);
    await Promise.all(
      due.map((entry) =>
        limit(async () => {
          seen.add(entry.id);
          // A retry ran it since the listing: this page's activity walk may not show what it wrote.
          if (ranSince(entry.id, listedAt)) return;
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
