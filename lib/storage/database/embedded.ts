import { type ChildProcessByStdio, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { ConfigError } from "@/lib/env";

// FerretDB v1.24 (SQLite backend) embedded through its public Go package, built from
// tools/ferretdb with the machine's `go` on first use (SPEC §2).

const launcherSource = path.resolve(process.cwd(), "tools/ferretdb");

export type EmbeddedDb = { uri: string; pid: number; stop: () => Promise<void> };

// Built once per checkout, not per data folder: tests use many temporary data folders.
export function launcherBinary(): string {
  return path.resolve(process.cwd(), ".data", "bin", "ferretdb-launcher");
}

function newestSourceMtime(): number {
  const sources = readdirSync(launcherSource).filter((file) => file.endsWith(".go") || file === "go.mod" || file === "go.sum");
  return Math.max(...sources.map((file) => statSync(path.join(launcherSource, file)).mtimeMs));
}

/** Builds the launcher if it is missing or older than its sources; returns its path. */
export function ensureEmbeddedDbBinary(log: (line: string) => void = () => {}): string {
  const binary = launcherBinary();
  if (existsSync(binary) && statSync(binary).mtimeMs >= newestSourceMtime()) return binary;

  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) {
    throw new ConfigError(
      "MONGODB_URI is not set, so Pulseboard runs its embedded database (FerretDB), which is built with Go — " +
        "but `go` was not found on PATH. Install Go 1.22+ or set MONGODB_URI to a MongoDB server " +
        "(e.g. MONGODB_URI=mongodb://localhost:27017/pulseboard).",
    );
  }
  log(`Building the embedded database (FerretDB v1.24) with ${go.stdout.trim()} — first run only…`);
  mkdirSync(path.dirname(binary), { recursive: true });
  const build = spawnSync("go", ["build", "-o", binary, "."], {
    cwd: launcherSource,
    encoding: "utf8",
  });
  if (build.status !== 0) {
    throw new ConfigError(`Building the embedded database failed:\n${build.stderr || build.stdout}`);
  }
  return binary;
}

type StateFile = { uri: string; pid: number };

function stateFile(dataDir: string): string {
  return path.join(dataDir, "embedded-db.json");
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The embedded database another Pulseboard process (the app, the CLI) is already running on this data folder. */
export function findRunningEmbeddedDb(dataDir: string): StateFile | null {
  try {
    const state = JSON.parse(readFileSync(stateFile(dataDir), "utf8")) as StateFile;
    return state.pid && isAlive(state.pid) ? state : null;
  } catch {
    return null;
  }
}

type Launched = {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  uri: string;
  exited: Promise<void>;
  /** The last lines it wrote to stderr (why it died, when it does). */
  stderr: () => string;
};

/** Spawns the launcher on `port` and resolves once it accepts connections. */
async function launch(binary: string, dbDir: string, port: number): Promise<Launched> {
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    binary,
    ["-listen", `127.0.0.1:${port}`, "-dir", dbDir, "-watch-stdin", "-log-level", "error"],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  const uri = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      // Only once it is gone: the next try must not meet it on the port or the files.
      void exited.then(() => reject(new Error(`Embedded database did not start within 30 s: ${stderr}`)));
    }, 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /READY (\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Embedded database exited (code ${code}) before it was ready: ${stderr.trim()}`));
    });
  });
  return { child, uri, exited, stderr: () => stderr.trim().slice(-500) };
}

const isRunning = (child: Launched["child"]) => child.exitCode === null && child.signalCode === null;

async function stopChild(launched: Launched): Promise<void> {
  if (!isRunning(launched.child)) return;
  launched.child.kill("SIGTERM");
  const forced = setTimeout(() => launched.child.kill("SIGKILL"), 5_000);
  await launched.exited;
  clearTimeout(forced);
}

// Relaunch delays after an unexpected exit: quick for a one-off crash, bounded for one that repeats
// (a port taken by another process, a disk that is full) so the log and the CPU are not flooded.
const RELAUNCH_FIRST_MS = 500;
const RELAUNCH_MAX_MS = 5_000;
// A database that ran this long before dying was healthy: the next crash starts the delays afresh.
const HEALTHY_AFTER_MS = 30_000;

export async function startEmbeddedDb(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
  /** Tests run several databases at once and must not advertise them to the CLI. */
  advertise?: boolean;
  /**
   * Start it again (same files, same port) whenever it exits without stop() being called: the
   * server's database must come back by itself (docs/reliability.md, finding 6). Off for tests and
   * tools that kill and restart their database on purpose.
   */
  relaunch?: boolean;
  /** Called after each relaunch, once the new database accepts connections. */
  onRelaunched?: () => void;
}): Promise<EmbeddedDb> {
  const log = options.log ?? (() => {});
  const binary = ensureEmbeddedDbBinary(log);
  const dbDir = path.join(options.dataDir, "db");
  // The data folder holds every tenant's data and the app secret: its owner's alone. chmod as well,
  // for folders made before (or by an operator with a looser umask); the launcher does the same for
  // the database files.
  for (const dir of [options.dataDir, dbDir]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }

  let current = await launch(binary, dbDir, options.port ?? 0);
  const uri = current.uri;
  // Port 0 picked a free port: a relaunch takes that same one, so the driver's URI stays valid.
  const port = Number(new URL(uri).port);

  const advertise = options.advertise ?? true;
  const advertiseCurrent = () => {
    if (!advertise) return;
    writeFileSync(stateFile(options.dataDir), JSON.stringify({ uri, pid: current.child.pid ?? 0 } satisfies StateFile), {
      mode: 0o600,
    });
  };
  advertiseCurrent();

  let stopRequested = false;
  let stopping: Promise<void> | undefined;
  let relaunching: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let failures = 0;

  const relaunchAfterExit = async (dead: Launched, startedAt: number) => {
    if (Date.now() - startedAt >= HEALTHY_AFTER_MS) failures = 0;
    const how = dead.child.signalCode ? `signal ${dead.child.signalCode}` : `code ${dead.child.exitCode}`;
    log(
      `Embedded database (pid ${dead.child.pid}) exited unexpectedly (${how})${dead.stderr() ? `: ${dead.stderr()}` : ""}; starting it again on port ${port}`,
    );
    while (!stopRequested) {
      const delay = Math.min(RELAUNCH_MAX_MS, RELAUNCH_FIRST_MS * 2 ** failures);
      failures += 1;
      // stop() cuts the wait short.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
      if (stopRequested) return;
      try {
        // The dead child released its port and its SQLite locks when it exited ('exit' comes after
        // the kernel reaped it), so the new one never shares the files with it. A port taken by
        // someone else meanwhile fails this launch, and the next try comes after a longer delay.
        const next = await launch(binary, dbDir, port);
        if (stopRequested) {
          await stopChild(next);
          return;
        }
        current = next;
        advertiseCurrent();
        supervise(next);
        log(`Embedded database started again (pid ${next.child.pid}) at ${uri}`);
        options.onRelaunched?.();
        return;
      } catch (error) {
        log(`Embedded database could not be started again: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const supervise = (launched: Launched) => {
    const startedAt = Date.now();
    void launched.exited.then(() => {
      if (stopRequested || !options.relaunch) return;
      relaunching = relaunchAfterExit(launched, startedAt).finally(() => {
        relaunching = undefined;
      });
    });
  };
  supervise(current);

  return {
    uri,
    get pid() {
      return current.child.pid ?? 0;
    },
    stop() {
      // Set before anything is awaited: the exit we are about to cause must not look like a crash.
      stopRequested = true;
      stopping ??= (async () => {
        wakeUp?.();
        // A relaunch under way finishes (and stops what it started) before the current child is stopped.
        await relaunching;
        if (advertise) rmSync(stateFile(options.dataDir), { force: true });
        await stopChild(current);
      })();
      return stopping;
    },
  };
}
