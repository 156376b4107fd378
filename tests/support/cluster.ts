import { execFileSync } from "node:child_process";
import { request } from "node:http";
import type { RunningApp } from "./app-process";
import { waitFor } from "./receiver";

// Helpers for a server started with WEB_CONCURRENCY above 1 (node's cluster: one primary, its
// children serve), shared by the integration and browser tests that stop one of its processes.

/** One request on a connection of its own (no keep-alive): the answer's status and JSON body. */
export function onNewConnection(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    // A connection handed to a process at the moment it dies is lost with it (its client retries).
    const options = { method: init.method ?? "GET", headers: init.headers, agent: false, timeout: 5_000 };
    const req = request(url, options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url} in 5 s`)));
    req.end(init.body);
  });
}

/** The pids of the cluster's server processes (the primary's children). */
export function workerPids(running: RunningApp): number[] {
  const listed = execFileSync("pgrep", ["-P", String(running.pid)], { encoding: "utf8" }).trim();
  return listed ? listed.split("\n").map(Number) : [];
}

/** The pid of one of the cluster's server processes. */
export function oneWorker(running: RunningApp): number {
  const [pid] = workerPids(running);
  if (!pid) throw new Error("the primary has no server process");
  return pid;
}

/** The processes that answered six health checks, each on a connection of its own. */
export async function nodesNow(running: RunningApp): Promise<Set<unknown>> {
  const nodes = new Set<unknown>();
  for (let i = 0; i < 6; i++) {
    const health = await onNewConnection(`${running.baseUrl}/api/webhooks/health`).catch(() => null);
    if (health) nodes.add(health.body.node);
  }
  return nodes;
}

/** Resolves once the stopped process has exited and the port answers from two processes again. */
export async function backToTwo(running: RunningApp, stopped: number): Promise<void> {
  const exited = () => {
    try {
      process.kill(stopped, 0);
      return false;
    } catch {
      return true;
    }
  };
  await waitFor(exited, 60_000, `process ${stopped} to exit`);
  await waitFor(async () => (await nodesNow(running)).size === 2, 30_000, "two processes answering");
}
