import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { bundlePath, ensureServerBundle } from "../../scripts/server-bundle";

// Starts the real server.ts (production build) as a child process, the way an operator does.

export const TEST_APP_SECRET = "test-app-secret-0123456789abcdef0123456789";
/** Servers started by tests reuse a tenant's webhook settings this long (production: 1 s). */
export const TEST_WEBHOOK_CONFIG_CACHE_MS = 250;
// Refused webhooks are aggregated per reason over this window (lib/activity/log-rejection.ts).
export const TEST_ACTIVITY_REJECTION_WINDOW_MS = 1000;
const root = path.resolve(import.meta.dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `pulseboard-${prefix}-`));
}

function baseEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_SECRET: TEST_APP_SECRET,
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    AUTH_RATE_LIMIT_PER_MIN: "1000",
    // The cheapest password hash the setting allows (2^10 instead of 2^14: about 7 ms instead of 110):
    // tests sign up and in some 800 times a CI run. The code path is the production one.
    AUTH_PASSWORD_COST: "10",
    MONGODB_URI: undefined,
    DATA_DIR: undefined,
    PORT: undefined,
    BASE_URL: undefined,
    REDIS_URL: undefined,
    WEBHOOK_SECRET: undefined,
    WEBHOOK_CONFIG_CACHE_MS: String(TEST_WEBHOOK_CONFIG_CACHE_MS),
    ACTIVITY_REJECTION_WINDOW_MS: String(TEST_ACTIVITY_REJECTION_WINDOW_MS),
    // Every process gets its own outbound queue in the shared Redis unless a test shares one on purpose.
    REDIS_PREFIX: `pbtest-${randomUUID().slice(0, 12)}`,
    OUTBOUND_REDIS_URL: undefined,
    OUTBOUND_ALLOW_PRIVATE: undefined,
  };
  for (const [key, value] of Object.entries(overrides)) env[key] = value;
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

// The server and the CLI run from their bundle (scripts/server-bundle.ts), as `npm start` runs the
// server: half the start-up time of tsx, rebuilt here whenever a source changed. Other scripts
// (the demo) run through tsx.
const bundled: Record<string, "server" | "cli"> = { "server.ts": "server", "scripts/cli.ts": "cli" };
let bundleChecked = false;

function spawnNode(args: string[], env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  const entry = args.findIndex((arg) => !arg.startsWith("-"));
  const name = bundled[args[entry] ?? ""];
  if (!name) return spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env });
  if (!bundleChecked) {
    ensureServerBundle();
    bundleChecked = true;
  }
  const withBundle = args.map((arg, index) => (index === entry ? bundlePath(name) : arg));
  // A TypeScript preload (the simulated clock) still needs tsx's loader.
  const loader = withBundle.some((arg) => arg.endsWith(".ts")) ? ["--import", "tsx"] : [];
  return spawn(process.execPath, [...loader, ...withBundle], { cwd: root, env });
}

export type RunningProcess = {
  pid: number;
  output: () => string;
  /** Sends the signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

export type RunningApp = RunningProcess & { baseUrl: string; port: number };

/** Spawns a TypeScript entry point and resolves once its output contains `readyText`. */
export async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  readyText: string,
  timeoutMs = 120_000,
): Promise<RunningProcess> {
  const child = spawnNode(args, env);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} was not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (output.includes(readyText)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code} before it was ready:\n${output}`));
    });
  });

  return {
    pid: child.pid ?? 0,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** `port` pins the address, for a test that restarts the app and expects its clients to come back. */
/** `nodeArgs` go to node itself (a benchmark's `--cpu-prof`, which NODE_OPTIONS refuses). */
export async function startApp(
  options: { env?: Record<string, string | undefined>; port?: number; nodeArgs?: string[] } = {},
): Promise<RunningApp> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = baseEnv({ PORT: String(port), BASE_URL: baseUrl, ...options.env });
    try {
      const running = await startProcess([...(options.nodeArgs ?? []), "server.ts"], env, "Pulseboard listening");
      return { ...running, baseUrl, port };
    } catch (error) {
      // A free port can be taken by another process between our probe and the server's listen.
      const raced = String(error).includes("EADDRINUSE") && options.port === undefined && attempt < 3;
      if (!raced) throw error;
    }
  }
}

/** `npm run demo` in a fresh data folder; resolves once it has printed the sign-in banner. */
export async function startDemo(dataDir: string): Promise<RunningApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = baseEnv({
    NODE_ENV: "development",
    APP_SECRET: undefined,
    DATA_DIR: dataDir,
    PORT: String(port),
    BASE_URL: baseUrl,
  });
  const running = await startProcess(["scripts/demo.ts"], env, "Press Ctrl-C to stop.");
  return { ...running, baseUrl, port };
}

/** Runs a start that is expected to fail; resolves with its exit code and output. */
export function runServerExpectingExit(env: Record<string, string | undefined>, timeoutMs = 30_000) {
  return runNode(["server.ts"], baseEnv(env), timeoutMs);
}

/** `npm run cli -- …` without npm's own noise. */
export function runCli(args: string[], env: Record<string, string | undefined>, timeoutMs = 60_000) {
  return runNode(["scripts/cli.ts", ...args], baseEnv({ NODE_ENV: "development", ...env }), timeoutMs);
}

function runNode(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawnNode(args, env);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out: ${args.join(" ")}\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
