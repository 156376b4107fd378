import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Collection } from "mongodb";
import { getLogger } from "@/lib/logger";
import type { NotificationDocument } from "@/lib/storage/common/notification-document";
import { type BloomFilter, type BloomSnapshot, createBloomFilter } from "@/lib/storage/embedded/bloom-filter";
import { replaceFileDurably } from "@/lib/storage/embedded/replace-file-durably";

// Which causes (tenant + source key) the notification archive may hold, in memory, for a server
// that is its database's only writer (DATA_DIR, held by server.lock). A notification whose cause a
// sender can repeat (a webhook-id) is pushed only once the archive's unique index has taken it:
// the window insert, then the archive's, before the screen lights up. A cause this filter has
// certainly never seen cannot be in the archive, so it goes out after the window insert, as a cause
// made up for its delivery does (npm run bench -- e2e-latency --scheme standard: 1.48x the naive
// receiver's median before, 1.10-1.13x with it). Every cause is added before its insert is tried;
// "maybe" answers (1 % of new causes, and every repeat) take the archive's way as before.
//
// The filter is complete only when it covers the whole archive: it is read from a snapshot written
// at the last clean stop, or else rebuilt by one scan of the archive in the background, which the first append starts. Every server
// that owns the database takes the snapshot away (read, then deleted durably) as it opens its
// storage, before it serves anything, whichever adapter it runs (discardCausesSnapshot): a stop that
// is not clean, or a run that keeps no filter (STORAGE=mongodb, the demo's server), must leave no
// snapshot behind that lacks what it stored. A snapshot that cannot be deleted stops the start.
// Until the filter is complete no cause is called new. Whatever else writes notifications into a
// stopped server's database (no migration does today) must delete the file.

const FILE = "notification-causes.bloom";
// What a snapshot's keys are: another layout must not be read as this one.
const KEYS = "tenant-hex|source-key";
type SnapshotFile = { keys: string; filter: BloomSnapshot };

export type StoredCauses = {
  /**
   * Records the cause, before its insert is tried; true only when the archive certainly held no
   * notification for it until now.
   */
  add(tenantId: string, sourceKey: string): boolean;
  /** After the last append: writes the snapshot the next start reads. */
  close(): Promise<void>;
};

const keyOf = (tenantId: string, sourceKey: string) => `${tenantId.toLowerCase()}|${sourceKey}`;

/**
 * Deletes the snapshot, durably; none there is fine. Also what a server that owns the database but
 * keeps no filter does as it opens: what it stores is in no snapshot.
 */
export function discardCausesSnapshot(dir: string): void {
  try {
    unlinkSync(path.join(dir, FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new Error(`cannot delete ${path.join(dir, FILE)}: ${(error as Error).message}`);
  }
  const handle = openSync(dir, "r");
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}

/** The last clean stop's snapshot, taken away; null when there is none, or it is not one this code wrote. */
function takeSnapshot(dir: string): BloomFilter | null {
  let restored: BloomFilter | null = null;
  try {
    const saved = JSON.parse(readFileSync(path.join(dir, FILE), "utf8")) as SnapshotFile;
    if (saved?.keys === KEYS) restored = createBloomFilter(saved.filter);
  } catch {
    restored = null;
  }
  discardCausesSnapshot(dir);
  return restored;
}

export function createStoredCauses(options: {
  archive: Collection<NotificationDocument>;
  dir: string;
  log?: (line: string) => void;
}): StoredCauses {
  const file = path.join(options.dir, FILE);
  const log = options.log ?? ((line: string) => getLogger().info(line));
  // In line, as the storage opens (a read of about 2 MB per million causes).
  const restored = takeSnapshot(options.dir);
  const filter: BloomFilter = restored ?? createBloomFilter();
  // off: a notification was appended after the snapshot was written; nothing is called new any more.
  let state: "scanning" | "complete" | "off" = restored ? "complete" : "scanning";
  if (restored) log(`Notification causes: ${filter.size} read from the last clean stop's snapshot`);
  let scanning = false;
  let closed = false;

  /** Adds every archived cause to the live filter, beside the ones appended meanwhile (FerretDB v1 reads the whole collection for any filter). */
  async function scan(): Promise<void> {
    const started = Date.now();
    const cursor = options.archive.find({}, { projection: { _id: 0, tenantId: 1, sourceKey: 1 } }).batchSize(2_000);
    for await (const doc of cursor) filter.add(keyOf(String(doc.tenantId), doc.sourceKey));
    if (state === "scanning") state = "complete";
    log(`Notification causes: ${filter.size} read from the archive in ${Date.now() - started} ms`);
  }

  return {
    add(tenantId, sourceKey) {
      if (closed && state === "complete") {
        // Appended after the snapshot was written (it should not be): it no longer covers the archive.
        state = "off";
        try {
          discardCausesSnapshot(options.dir);
        } catch (error) {
          getLogger().error({ err: error }, "a notification was stored after its causes were written down");
        }
      }
      if (state === "scanning" && !scanning) {
        scanning = true;
        scan()
          .catch((error: unknown) => {
            // Tried again by the next notification.
            getLogger().warn({ err: error }, "could not read the notification causes: webhook-ids wait for the archive");
          })
          .finally(() => {
            scanning = false;
          });
      }
      const maybeStored = filter.add(keyOf(tenantId, sourceKey));
      return !closed && state === "complete" && !maybeStored;
    },
    async close() {
      if (closed) return;
      closed = true;
      // A scan still running is not waited for: the next start scans again.
      if (state !== "complete") return;
      try {
        // The folder is the effect journal's, made when it first opens an entry: maybe never, if
        // no webhook came (a notification of another kind asked the filter).
        await mkdir(options.dir, { recursive: true, mode: 0o700 });
        await replaceFileDurably(file, JSON.stringify({ keys: KEYS, filter: filter.snapshot() } satisfies SnapshotFile));
        // A notification appended while this was written (it should not be) is not in it: no snapshot.
        if (state !== "complete") discardCausesSnapshot(options.dir);
      } catch (error) {
        // The next start scans the archive instead.
        getLogger().warn({ err: error }, "could not write the notification causes down");
      }
    },
  };
}
