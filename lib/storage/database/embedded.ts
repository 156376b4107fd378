import { type ChildProcessByStdio, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
  return Math.max(...["main.go", "go.mod", "go.sum"].map((file) => statSync(path.join(launcherSource, file)).mtimeMs));
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

export async function startEmbeddedDb(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
  /** Tests run several databases at once and must not advertise them to the CLI. */
  advertise?: boolean;
}): Promise<EmbeddedDb> {
  const binary = ensureEmbeddedDbBinary(options.log);
  const dbDir = path.join(options.dataDir, "db");
  // The data folder holds every tenant's data and the app secret: its owner's alone. chmod as well,
  // for folders made before (or by an operator with a looser umask); the launcher does the same for
  // the database files.
  for (const dir of [options.dataDir, dbDir]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }

  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    binary,
    ["-listen", `127.0.0.1:${options.port ?? 0}`, "-dir", dbDir, "-watch-stdin", "-log-level", "error"],
    { stdio: ["pipe", "pipe", "pipe"] },
  );

  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  const uri = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Embedded database did not start within 30 s: ${stderr}`));
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

  const advertise = options.advertise ?? true;
  if (advertise) {
    writeFileSync(stateFile(options.dataDir), JSON.stringify({ uri, pid: child.pid ?? 0 } satisfies StateFile), {
      mode: 0o600,
    });
  }

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stopping: Promise<void> | undefined;

  return {
    uri,
    pid: child.pid ?? 0,
    stop() {
      stopping ??= (async () => {
        if (advertise) rmSync(stateFile(options.dataDir), { force: true });
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          const forced = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(forced);
        }
      })();
      return stopping;
    },
  };
}
