import { spawn } from "node:child_process";
import { freePort } from "./app-process";

// A private redis-server on a free port, for a test that must know every key written to its Redis:
// the machine's shared one also holds other test runs' keys (and must never be flushed).

export type RedisServer = {
  url: string;
  port: number;
  /** SIGSTOP: the server keeps its connections open and answers nothing (a partition, a paused host). */
  pause: () => void;
  /** SIGCONT: it answers again, everything held included. */
  resume: () => void;
  stop: () => Promise<void>;
};

// With `dir`, what it holds is written there (append-only file, every write) and read back by a
// server started again on the same `port` and `dir`: an outage that Redis comes back from whole.
export async function startRedisServer(options: { port?: number; dir?: string; timeoutMs?: number } = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const persistence = options.dir
    ? ["--dir", options.dir, "--appendonly", "yes", "--appendfsync", "always"]
    : ["--appendonly", "no"];
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const timer = setTimeout(() => reject(new Error(`redis-server was not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("error", reject);
    void exited.then(() => reject(new Error(`redis-server exited before it was ready:\n${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
    stop: async () => {
      // A paused server would not act on SIGTERM.
      if (child.exitCode === null) child.kill("SIGCONT");
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
