import { clearAlert } from "@/lib/alerts/clear-alert";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { getLogger } from "@/lib/logger";
import type { SourceRecord } from "@/lib/storage/ports/sources";
import { getStorage } from "@/lib/storage/registry";

const HOUR_MS = 3_600_000;
// Sources watched per pass: a limit on one pass's work, far above any real installation's count.
const MAX_WATCHED = 10_000;

/**
 * One pass of the silence watch: a watched source whose newest delivery (or, before its first, the
 * moment its limit was set) is older than its limit opens a "source gone silent" alert; one that
 * has received since resolves it. Opening is exactly-once across processes (the alerts port), so
 * every server may run the watch.
 */
export async function checkSilentSources(now = new Date()): Promise<{ silent: number; watched: number }> {
  const sources = await getStorage().sources.listWatched(MAX_WATCHED);
  let silent = 0;
  for (const source of sources) {
    try {
      if (await checkSource(source, now)) silent += 1;
    } catch (error) {
      // One tenant's failing read never stops the others' watch.
      getLogger().warn({ err: error, tenantId: source.tenantId, sourceId: source.id }, "could not check a source for silence");
    }
  }
  return { silent, watched: sources.length };
}

async function checkSource(source: SourceRecord, now: Date): Promise<boolean> {
  const limitHours = source.silentAfterHours ?? 0;
  if (limitHours <= 0) return false;
  const {
    deliveries: [newest],
  } = await getStorage().deliveryLog.list(source.tenantId, { limit: 1, sourceId: source.id });
  // From its newest delivery; before its first one, from when the source was last saved.
  const since = newest ? newest.receivedAt : source.updatedAt;
  const quietMs = now.getTime() - since.getTime();
  const subject = source.id;
  if (quietMs < limitHours * HOUR_MS) {
    await clearAlert(
      source.tenantId,
      { kind: "source-silent", subject },
      { type: "system", label: "silence watch" },
      "a delivery arrived",
    );
    return false;
  }
  // Decided on the source as it is now: disabled or changed while this pass read its deliveries,
  // its change has resolved the alert already, and opening it again would leave an open alert on a
  // source nobody watches (seen in CI: a slow delivery-log read on the mongodb adapter).
  const current = await getStorage().sources.find(source.tenantId, source.id);
  if (!isStill(source, current)) return false;
  const hours = Math.floor(quietMs / HOUR_MS);
  const limit = `${limitHours} hour${limitHours === 1 ? "" : "s"}`;
  const opened = await raiseAlert(
    source.tenantId,
    {
      kind: "source-silent",
      subject,
      title: `${source.name} has gone silent`,
      detail: newest
        ? `No delivery from ${source.name} (${source.type}) for ${hours} hours (silence limit ${limit}); the last one arrived ${newest.receivedAt.toISOString()}.`
        : `No delivery from ${source.name} (${source.type}) in the ${hours} hours since it was last saved (silence limit ${limit}).`,
      link: "/settings/sources",
    },
    "silence watch",
  );
  // A change between that reading and the opening: the alert goes again, as that change would have done.
  if (opened && !isStill(source, await getStorage().sources.find(source.tenantId, source.id)))
    await clearAlert(
      source.tenantId,
      { kind: "source-silent", subject },
      { type: "system", label: "silence watch" },
      "the source changed while it was checked",
    );
  return true;
}

/** Whether the source is still watched as this pass listed it (same limit, not saved since, enabled). */
function isStill(listed: SourceRecord, current: SourceRecord | null): boolean {
  return (
    current?.enabled === true &&
    current.silentAfterHours === listed.silentAfterHours &&
    current.updatedAt.getTime() === listed.updatedAt.getTime()
  );
}
