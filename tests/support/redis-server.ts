import { spawn } from "node:child_process";
import { freePort } from "./app-process";

// A private redis-server on a free port, for a test that must know every key written to its Redis:
// the machine's shared one also holds other test runs' keys (and must never be flushed).

export type RedisServer = {
  url: string;
  /** SIGSTOP: the server keeps its connections open and answers nothing (a partition, a paused host). */
  pause: () => void;
  /** SIGCONT: it answers again, everything held included. */
  resume: () => void;
  stop: () => Promise<void>;
};

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server was not ready within 10 s:\n${output}`)), 10_000);
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
