import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "@/lib/env";
import { isAlive } from "@/lib/storage/database/embedded";

type LockFile = { pid: number; startedAt: string };

function readLock(file: string): LockFile | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockFile;
  } catch {
    return null;
  }
}

/**
 * The embedded database serves one server process (SPEC §2: its writes are private to that
 * process), so a server on it holds `DATA_DIR/server.lock` until it stops. The CLI shares the
 * database without it. A file left by a killed server names a dead pid and is taken over.
 * Returns the release.
 */
export function claimEmbeddedDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, "server.lock");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Written aside, then linked into place: `link` fails if the file exists, so of two servers
  // starting at once one wins, and the file is never seen half-written.
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockFile), {
    mode: 0o600,
  });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(mine, file);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readLock(file);
      if (holder?.pid && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new ConfigError(
          `Another Pulseboard server (pid ${holder.pid}) is already running on DATA_DIR=${dataDir}: the embedded database ` +
            "serves one server process. Stop it, use another DATA_DIR, or set MONGODB_URI to share a MongoDB between servers.",
        );
      }
      // Left by a killed server. Removed only if it still is that file, so a server that has just
      // taken it over keeps its own (a window of microseconds remains between the read and the removal).
      if (JSON.stringify(readLock(file)) === JSON.stringify(holder)) rmSync(file, { force: true });
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new ConfigError(`Could not take ${file}: other servers keep starting on DATA_DIR=${dataDir}.`);
}
