import { unlinkSync } from "node:fs";
import { mkdir, open, readFile, rename, unlink } from "node:fs/promises";
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
// at the last clean stop (and deleted, durably, before anything new is trusted: a stop that is not
// clean leaves no snapshot behind), or else rebuilt by one scan of the archive in the background,
// which the first notification with a repeatable cause starts. Until then no cause is called new.
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
  let complete = false;
  let loading = false;
  let closed = false;
  let early: string[] | null = null;

  async function syncDir(): Promise<void> {
    const dir = await open(options.dir, "r");
    await dir.sync().finally(() => dir.close());
  }

  /** The last clean stop's snapshot, consumed: null when there is none (or it is unreadable). */
  async function takeSnapshot(): Promise<BloomFilter | null> {
    const text = await readFile(file, "utf8").catch(() => null);
    if (text === null) return null;
    let restored: BloomFilter | null = null;
    try {
      restored = createBloomFilter(JSON.parse(text) as BloomSnapshot);
    } catch {
      restored = null;
    }
    await unlink(file);
    await syncDir();
    return restored;
  }

  async function load(): Promise<void> {
    const started = Date.now();
    // Causes added while the snapshot is read join the filter it becomes.
    const added: string[] = [];
    early = added;
    let restored: BloomFilter | null;
    try {
      restored = await takeSnapshot();
    } finally {
      early = null;
    }
    if (restored) {
      filter = restored;
      for (const key of added) filter.add(key);
      log(`Notification causes: ${filter.size} read from the last clean stop's snapshot`);
    } else {
      // Adds to the live filter, beside the causes added meanwhile: one scan (FerretDB v1 reads
      // the whole collection for any filter).
      const cursor = options.archive.find({}, { projection: { _id: 0, tenantId: 1, sourceKey: 1 } }).batchSize(2_000);
      for await (const doc of cursor) filter.add(keyOf(String(doc.tenantId), doc.sourceKey));
      log(`Notification causes: ${filter.size} read from the archive in ${Date.now() - started} ms`);
    }
    complete = true;
  }

  return {
    isNew(tenantId, sourceKey) {
      if (closed) return false;
      if (!complete) {
        if (!loading) {
          loading = true;
          load().catch((error: unknown) => {
            getLogger().warn({ err: error }, "could not read the notification causes: repeatable causes wait for the archive");
            // Tried again by the next notification that asks.
            loading = false;
          });
        }
        return false;
      }
      return !filter.mayHave(keyOf(tenantId, sourceKey));
    },
    add(tenantId, sourceKey) {
      if (closed) {
        // Appended after the snapshot was written (it should not be): the snapshot no longer covers the archive.
        try {
          unlinkSync(file);
        } catch {
          // None was written.
        }
        complete = false;
      }
      const key = keyOf(tenantId, sourceKey);
      filter.add(key);
      early?.push(key);
    },
    async close() {
      if (closed) return;
      closed = true;
      // A scan still running is not waited for: the next start scans again.
      if (!complete) return;
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
        await syncDir();
      } catch (error) {
        // The next start scans the archive instead.
        getLogger().warn({ err: error }, "could not write the notification causes down");
      }
    },
  };
}
