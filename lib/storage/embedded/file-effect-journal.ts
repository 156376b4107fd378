import { chmodSync, mkdirSync, writeSync } from "node:fs";
import { type FileHandle, open, readFile } from "node:fs/promises";
import path from "node:path";
import { getLogger } from "@/lib/logger";
import { journalEntryId } from "@/lib/storage/common/effect-journal";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { replaceFileDurably } from "@/lib/storage/embedded/replace-file-durably";
import type { EffectJournalPort, JournalEntry } from "@/lib/storage/ports/effect-journal";

// The effect journal of a server that owns its embedded database (DATA_DIR, held by server.lock:
// one process): an append-only file beside the database instead of a collection in it. Every event
// opens an entry before its record is written, so on FerretDB the collection cost a whole SQLite
// transaction on each event's path (an insert, then a delete that scans) — about half of what an
// ingested order costs (docs/benchmarks.md). Here an entry is one line appended to the file, and
// the open entries are kept in memory, where this process, the only one, reads them. Opening
// resolves once the line is written (in the kernel: it outlives this process), so the event's record
// is written at once; the flush to disk (fdatasync, group-committed: the lines written meanwhile
// share one) runs beside that write, and the answer waits for both (`durable`): one durable write's
// time before the answer instead of two in a row (issue 18). Closing appends a line without waiting
// for the disk: a close lost in a crash only replays an event whose effects are all stored, which
// writes nothing twice. The file is rewritten with the open entries alone at start and whenever
// it has grown. Entries a collection journal holds (an earlier version, or a tool that wrote there)
// are taken over at start.

const FILE = "effect-journal.jsonl";
const COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

type Stored = Omit<JournalEntry, "openedAt"> & { openedAt: string };
type Line = { o: Stored } | { c: string };
type Open = { entry: JournalEntry; written: Promise<void>; settled: boolean };
type Settle = { resolve: () => void; reject: (error: unknown) => void };
type Pending = { text: string; written: Settle; durable: Settle | null };

const stored = (entry: JournalEntry): Open => ({ entry, written: Promise.resolve(), settled: true });
const deferred = () => {
  let settle: Settle = { resolve: () => undefined, reject: () => undefined };
  const promise = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { promise, settle };
};
const toStored = (entry: JournalEntry): Stored => ({ ...entry, openedAt: entry.openedAt.toISOString() });
const fromStored = (stored: Stored): JournalEntry => ({ ...stored, openedAt: new Date(stored.openedAt) });

export type FileEffectJournal = EffectJournalPort & { stop(): Promise<void> };

export function createFileEffectJournal(options: {
  dir: string;
  takeOver: EffectJournalPort;
  /** What it has to say at start (the server's log by default). */
  log?: (line: string) => void;
}): FileEffectJournal {
  const log = options.log ?? ((line: string) => getLogger().info(line));
  const file = path.join(options.dir, FILE);
  const entries = new Map<string, Open>();
  let handle: FileHandle | null = null;
  let bytes = 0;
  // Lines waiting while the file is compacted (replaced), written once it is back.
  let queue: Pending[] = [];
  let compacting: Promise<void> | null = null;
  // A write that failed part-way left a torn line: the next write starts on a line of its own.
  let torn = false;
  // Lines written and waiting for the next flush to disk, and that flush while it runs.
  let unsynced: Settle[] = [];
  let syncing: Promise<void> | null = null;
  let ready: Promise<void> | null = null;

  /** Writes the open entries alone to a new file, flushed, and puts it in place of the old one. */
  async function compact(): Promise<void> {
    await handle?.close();
    handle = null;
    const text = [...entries.values()].map(({ entry }) => `${JSON.stringify({ o: toStored(entry) } satisfies Line)}\n`).join("");
    await replaceFileDurably(file, text);
    handle = await open(file, "a", 0o600);
    bytes = Buffer.byteLength(text);
  }

  async function load(): Promise<void> {
    // Every tenant's webhook bodies: its owner's alone, also when an older folder was made looser.
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    chmodSync(options.dir, 0o700);
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    for (const raw of text.split("\n")) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        // The last line of a process killed mid-write: its event was never answered (the answer
        // waits for the flush), and the sender's retry opens it again.
        continue;
      }
      if ("o" in line) entries.set(line.o.id, stored(fromStored(line.o)));
      else entries.delete(line.c);
    }
    // A collection journal's entries join this one (durably), then leave the collection.
    const taken = new Set<string>();
    for (;;) {
      const due = (await options.takeOver.listDue(new Date(8.64e15), 500)).filter((entry) => !taken.has(entry.id));
      if (due.length === 0) break;
      for (const entry of due) entries.set(entry.id, stored(entry));
      await compact();
      for (const entry of due) {
        taken.add(entry.id);
        await options.takeOver.close(entry.tenantId, entry.id);
      }
    }
    await compact();
    if (taken.size > 0)
      log(`Effect journal: took over ${taken.size} open entr${taken.size === 1 ? "y" : "ies"} of the collection journal`);
  }

  const ensureReady = () => {
    ready ??= load().catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  };

  /** `written`: in the file (this process may die); `durable`: on disk (the machine may), when `sync`. */
  function append(text: string, sync: boolean): { written: Promise<void>; durable: Promise<void> } {
    const written = deferred();
    const durable = sync ? deferred() : null;
    const item = { text, written: written.settle, durable: durable?.settle ?? null };
    if (compacting) queue.push(item);
    else writeNow([item]);
    return { written: written.promise, durable: durable?.promise ?? written.promise };
  }

  /**
   * Writes the lines in place, not through the thread pool: a write to the page cache takes
   * microseconds, while the pool's round trip waited behind the event loop (p90 1.4 ms → 0.4 ms
   * before the record's write, npm run bench -- e2e-latency). The flush to disk stays on the pool,
   * beside the caller's next write.
   */
  function writeNow(batch: Pending[]): void {
    try {
      if (!handle) throw new Error("effect journal: the file is not open");
      const data = Buffer.from(`${torn ? "\n" : ""}${batch.map((item) => item.text).join("")}`);
      let at = 0;
      torn = true;
      while (at < data.length) at += writeSync(handle.fd, data, at);
      torn = false;
      bytes += data.length;
      for (const item of batch) {
        item.written.resolve();
        if (item.durable) unsynced.push(item.durable);
      }
      requestSync();
    } catch (error) {
      for (const item of batch) {
        item.written.reject(error);
        item.durable?.reject(error);
      }
    }
    // Compacting replaces the file: the flush of the old one finishes first, and lines wait meanwhile.
    if (bytes > COMPACT_AFTER_BYTES && !compacting)
      compacting = (async () => {
        while (syncing) await syncing;
        await compact().catch((error: unknown) => getLogger().error({ err: error }, "effect journal: could not compact"));
      })().finally(() => {
        compacting = null;
        const waiting = queue;
        queue = [];
        if (waiting.length > 0) writeNow(waiting);
      });
  }

  /** One flush for every line written meanwhile; another follows for lines written during it. */
  function requestSync(): void {
    syncing ??= syncWritten().finally(() => {
      syncing = null;
      if (unsynced.length > 0) requestSync();
    });
  }

  async function syncWritten(): Promise<void> {
    while (unsynced.length > 0) {
      const waiting = unsynced;
      unsynced = [];
      try {
        if (!handle) throw new Error("effect journal: the file is not open");
        await handle.datasync();
        for (const item of waiting) item.resolve();
      } catch (error) {
        for (const item of waiting) item.reject(error);
      }
    }
  }

  /** A flush of everything written so far (a retry's answer promises its entry is on disk). */
  function flushed(): Promise<void> {
    // A compaction flushes everything first, then writes the open entries to a flushed file.
    if (compacting) return compacting.then(flushed);
    const waiter = deferred();
    unsynced.push(waiter.settle);
    requestSync();
    // Its caller awaits it only once the event is handled: a failed flush before then is no crash.
    waiter.promise.catch(() => undefined);
    return waiter.promise;
  }

  return {
    async open(tenantId, newEntry) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) throw new Error(`not a tenant id: ${tenantId}`);
      await ensureReady();
      const id = journalEntryId(tenant, newEntry.eventKey).toHexString();
      const known = entries.get(id);
      if (known) {
        // Opened by another request: once its line is written it is open here too, and this answer
        // waits for a flush of its own (the first one may have failed). A line that could not be
        // written left no entry: it is opened again below.
        const written = await known.written.then(
          () => true,
          () => false,
        );
        const still = entries.get(id);
        if (written && still) return { opened: false, entry: still.entry, durable: flushed() };
      }
      const entry: JournalEntry = { ...newEntry, id, tenantId: tenant.toHexString(), openedAt: new Date() };
      const line = append(`${JSON.stringify({ o: toStored(entry) } satisfies Line)}\n`, true);
      const opened: Open = { entry, written: line.written, settled: false };
      entries.set(id, opened);
      try {
        await line.written;
      } catch (error) {
        if (entries.get(id) === opened) entries.delete(id);
        throw error;
      }
      opened.settled = true;
      // A failed flush fails the answer, which waits for it; the entry stays open (its line is in the
      // file), so its effects finish here or are replayed, and the sender's retry waits for a new flush.
      line.durable.catch(() => undefined);
      return { opened: true, entry, durable: line.durable };
    },

    async close(tenantId, id) {
      await ensureReady();
      const known = entries.get(id);
      if (!known || known.entry.tenantId !== objectIdOf(tenantId)?.toHexString()) return;
      entries.delete(id);
      await append(`${JSON.stringify({ c: id } satisfies Line)}\n`, false).written;
    },

    async listDue(before, limit, from) {
      await ensureReady();
      return [...entries.values()]
        .filter((open) => open.settled && open.entry.openedAt < before && (!from || open.entry.openedAt >= from))
        .map((open) => open.entry)
        .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime())
        .slice(0, limit);
    },

    async stop() {
      if (!ready) return;
      await ready.catch(() => undefined);
      await compacting;
      while (syncing) await syncing;
      await handle?.close();
      handle = null;
    },
  };
}
