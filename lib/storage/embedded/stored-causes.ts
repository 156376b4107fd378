import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync } from "node:fs";
import { mkdir, open, rename } from "node:fs/promises";
import path from "node:path";
import type { Collection } from "mongodb";
import { getLogger } from "@/lib/logger";
import type { NotificationDocument } from "@/lib/storage/common/notification-document";
import { type BloomFilter, type BloomSnapshot, createBloomFilter } from "@/lib/storage/embedded/bloom-filter";

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
// at the last clean stop, or else rebuilt by one scan of the archive in the background. The snapshot
// is taken (read, then deleted durably) before this process appends its first notification, in line:
// a stop that is not clean must leave no snapshot behind that lacks what this process stored. Until
// the filter is complete no cause is called new.
// Whatever writes notifications outside this adapter while the server is stopped (no migration
// does today) must delete the snapshot.

const FILE = "notification-causes.bloom";

export type StoredCauses = {
  /** True only when the archive certainly holds no notification for this cause. */
  isNew(tenantId: string, sourceKey: string): boolean;
  /** Before the cause's insert is tried. */
  add(tenantId: string, sourceKey: string): void;
  /** After the last append: writes the snapshot the next start reads. */
  close(): Promise<void>;
};

const keyOf = (tenantId: string, sourceKey: string) => `${tenantId.toLowerCase()}|${sourceKey}`;

export function createStoredCauses(options: {
  archive: Collection<NotificationDocument>;
  dir: string;
  log?: (line: string) => void;
}): StoredCauses {
  const file = path.join(options.dir, FILE);
  const log = options.log ?? ((line: string) => getLogger().info(line));
  let filter: BloomFilter = createBloomFilter();
  // untouched: before the first append; off: the snapshot could not be taken, nothing is called new.
  let state: "untouched" | "scanning" | "complete" | "off" = "untouched";
  let scanning = false;
  let closed = false;

  /** The last clean stop's snapshot, read and deleted (durably); null when there is none or it is unreadable. */
  function takeSnapshot(): BloomFilter | null {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    let restored: BloomFilter | null;
    try {
      restored = createBloomFilter(JSON.parse(text) as BloomSnapshot);
    } catch {
      restored = null;
    }
    unlinkSync(file);
    const dir = openSync(options.dir, "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return restored;
  }

  /** At the first append, in line (once per process: a read of about 1 MB per million causes). */
  function begin(): void {
    if (state !== "untouched") return;
    try {
      const restored = takeSnapshot();
      if (restored) {
        filter = restored;
        state = "complete";
        log(`Notification causes: ${filter.size} read from the last clean stop's snapshot`);
      } else state = "scanning";
    } catch (error) {
      getLogger().error(
        { err: error },
        "could not take the notification causes' snapshot: every webhook-id waits for the archive",
      );
      state = "off";
    }
  }

  /** Adds every archived cause to the live filter, beside the ones appended meanwhile (FerretDB v1 reads the whole collection for any filter). */
  async function scan(): Promise<void> {
    const started = Date.now();
    const cursor = options.archive.find({}, { projection: { _id: 0, tenantId: 1, sourceKey: 1 } }).batchSize(2_000);
    for await (const doc of cursor) filter.add(keyOf(String(doc.tenantId), doc.sourceKey));
    if (state === "scanning") state = "complete";
    log(`Notification causes: ${filter.size} read from the archive in ${Date.now() - started} ms`);
  }

  return {
    isNew(tenantId, sourceKey) {
      if (closed) return false;
      begin();
      if (state === "scanning" && !scanning) {
        scanning = true;
        scan()
          .catch((error: unknown) => {
            // Tried again by the next notification that asks.
            getLogger().warn({ err: error }, "could not read the notification causes: webhook-ids wait for the archive");
          })
          .finally(() => {
            scanning = false;
          });
      }
      return state === "complete" && !filter.mayHave(keyOf(tenantId, sourceKey));
    },
    add(tenantId, sourceKey) {
      begin();
      if (closed && state === "complete") {
        // Appended after the snapshot was written (it should not be): the snapshot no longer covers the archive.
        try {
          unlinkSync(file);
        } catch {
          // None was written.
        }
        state = "off";
      }
      filter.add(keyOf(tenantId, sourceKey));
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
        const next = `${file}.next`;
        const handle = await open(next, "w", 0o600);
        try {
          await handle.writeFile(JSON.stringify(filter.snapshot()));
          await handle.datasync();
        } finally {
          await handle.close();
        }
        await rename(next, file);
        // A notification appended while this was written (it should not be) is not in it: no snapshot.
        if (state !== "complete") unlinkSync(file);
        const dir = await open(options.dir, "r");
        await dir.sync().finally(() => dir.close());
      } catch (error) {
        // The next start scans the archive instead.
        getLogger().warn({ err: error }, "could not write the notification causes down");
      }
    },
  };
}
