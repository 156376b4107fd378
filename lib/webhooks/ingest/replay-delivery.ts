import type { JournalEntry } from "@/lib/storage/ports/effect-journal";
import { eventsRunningHere } from "@/lib/webhooks/ingest/events-running-here";
import { type Delivery, handleEvent, type LoggedEvents } from "@/lib/webhooks/ingest/handle-event";

/**
 * Replays an open journal entry left by a crash or a failed effect: the record's write again
 * (idempotent: it finds what the first attempt stored), then whatever effects are missing.
 */
export async function replayDelivery(entry: JournalEntry, loggedEvents: LoggedEvents): Promise<void> {
  if (eventsRunningHere.has(entry.id)) return;
  const delivery: Delivery = {
    tenantId: entry.tenantId,
    kind: entry.kind,
    input: entry.input as Delivery["input"],
    deliveryId: entry.deliveryId,
    scheme: entry.scheme,
    headers: entry.headers,
    rawBody: entry.rawBody,
    source: entry.source,
  };
  await handleEvent(delivery, entry, { opened: false, replaying: true, answering: false, loggedEvents });
}
