import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isAlive } from "@/lib/storage/database/embedded";
import { type RunningApp, startApp, tempDir } from "../../tests/support/app-process";

// What every drill runs on: a temporary data folder, a pinned port (senders keep one URL across
// restarts), a Redis of the drill's own (never the machine's shared one), the real server.ts
// (production build) started and stopped as an operator would, and a clean-up that ends exactly
// the processes the drill started, by pid.

const started = Date.now();

/** Progress goes to stderr; the figures (JSON) alone go to stdout. */
export function say(line: string): void {
  process.stderr.write(`[drill +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
}

/** A small seeded PRNG (mulberry32): a drill's random moments are repeatable with `--seed`. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Clean-up steps, run last-registered first; also on Ctrl-C. */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
export function onCleanup(step: () => Promise<unknown> | unknown): void {
  cleanups.push(step);
}
export async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const step = cleanups.pop();
    try {
      // A step that hangs must not hold the others (nor the exit).
      await Promise.race([
        step?.(),
        sleep(20_000, undefined, { ref: false }).then(() => say("a clean-up step timed out after 20 s")),
      ]);
    } catch (error) {
      say(`clean-up step failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

export { isAlive };

/** Sends `signal` to a pid we started; false when it was already gone. */
export function signalPid(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
}

/** The embedded database the app started in DATA_DIR (its state file), if any. */
export function embeddedDbOf(dataDir: string): { uri: string; pid: number } | null {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, "embedded-db.json"), "utf8")) as { uri: string; pid: number };
  } catch {
    return null;
  }
}

export type AppRun = { n: number; startedAt: number; readyAt: number; startMs: number; stoppedAt?: number; exit?: string };

/**
 * One server "slot": the same env, data folder and port across restarts. Each run's output is
 * kept in the drill's folder (app-<n>.log).
 */
export class AppSlot {
  current: RunningApp | null = null;
  readonly runs: AppRun[] = [];

  constructor(
    readonly workDir: string,
    readonly port: number,
    readonly env: Record<string, string | undefined>,
  ) {
    onCleanup(() => this.forceStop());
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<RunningApp> {
    const n = this.runs.length + 1;
    const startedAt = Date.now();
    say(`starting the app (run ${n})`);
    try {
      this.current = await startApp({ env: this.env, port: this.port });
    } catch (error) {
      writeFileSync(path.join(this.workDir, `app-${n}.log`), String(error));
      throw new Error(`the app did not start (run ${n}); its output is in ${path.join(this.workDir, `app-${n}.log`)}`);
    }
    const readyAt = Date.now();
    this.runs.push({ n, startedAt, readyAt, startMs: readyAt - startedAt });
    say(`app run ${n} ready in ${readyAt - startedAt} ms (pid ${this.current.pid})`);
    return this.current;
  }

  /** Signals the running app; resolves with its exit once it is gone (SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals, graceMs = 60_000): Promise<{ code: number | null; ms: number; forced: boolean }> {
    const app = this.current;
    if (!app) return { code: null, ms: 0, forced: false };
    const at = Date.now();
    const exited = app.stop(signal);
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      signalPid(app.pid, "SIGKILL");
    }, graceMs);
    const code = await exited;
    clearTimeout(timer);
    const run = this.runs[this.runs.length - 1];
    if (run) {
      run.stoppedAt = Date.now();
      run.exit = `${signal}${forced ? "+SIGKILL" : ""} → ${code}`;
    }
    this.saveLog();
    this.current = null;
    return { code, ms: Date.now() - at, forced };
  }

  output(): string {
    return this.current?.output() ?? "";
  }

  saveLog(): void {
    const app = this.current;
    if (app) writeFileSync(path.join(this.workDir, `app-${this.runs.length}.log`), app.output());
  }

  private async forceStop(): Promise<void> {
    if (this.current) await this.stop("SIGKILL", 5_000);
    // The embedded database stops by itself once its parent is gone (-watch-stdin); make sure.
    const db = embeddedDbOf(String(this.env.DATA_DIR));
    if (db && isAlive(db.pid)) {
      await waitUntil(() => !isAlive(db.pid), 15_000, 100);
      if (isAlive(db.pid)) signalPid(db.pid, "SIGKILL");
    }
  }
}

/** A fresh work folder (data, logs) for one drill run. */
export function drillWorkDir(name: string): { workDir: string; dataDir: string; runId: string } {
  const workDir = tempDir(`drill-${name}`);
  return { workDir, dataDir: path.join(workDir, "data"), runId: randomUUID().slice(0, 8) };
}

export function quantiles(values: number[]): { n: number; p50: number | null; p99: number | null; max: number | null } {
  if (values.length === 0) return { n: 0, p50: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? null };
}

export type DrillArgs = {
  short: boolean;
  seed: number;
  /** STORAGE for the app (auto when unset). */
  storage?: "embedded" | "mongodb";
  kills?: number;
  rate?: number;
  cycles?: number;
};

/** What a drill prints: `passed` decides the exit code. */
export type Figures = { drill: string; passed: boolean } & Record<string, unknown>;

/** GET /api/webhooks/health on a new connection (no keep-alive): what a new client meets. The status, or "no answer (…)". */
export function probe(baseUrl: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}/api/webhooks/health`, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(String(res.statusCode)));
      res.on("error", () => resolve(String(res.statusCode)));
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "timeout" })));
    req.on("error", (error: NodeJS.ErrnoException) => resolve(`no answer (${error.code ?? error.message})`));
    req.end();
  });
}
