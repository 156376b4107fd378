import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { getLogger } from "@/lib/logger";
import { type PostInput, type PostResult, postDirect, setPoster } from "@/lib/outbound/post-to-endpoint";

/**
 * Moves the server's outbound POSTs to `count` worker threads (OUTBOUND_HTTP_THREADS): the HTTP
 * client was the largest share of the main thread's CPU while it delivered (docs/benchmarks.md),
 * and that thread also serves the app. Everything else about an attempt (signing, logging,
 * counting) stays here. The threads start with the first POST. A thread that dies is replaced; its
 * POSTs in flight resolve as failed attempts (retried like any other). Returns the function that stops them.
 */
export function startHttpThreads(count: number): () => Promise<void> {
  if (count <= 0) return async () => undefined;
  const log = getLogger().child({ component: "outbound-http" });
  // Started from server.ts, never bundled by Next. Run from the server bundle (`npm start`,
  // scripts/server-bundle.ts), the thread loads the entry bundled beside it. Run through tsx, a
  // worker thread does not get tsx's loader from the command line (Node 20), so its first lines
  // register it, then load the TypeScript entry; messages posted meanwhile wait in the thread's port.
  const bundled = import.meta.url.endsWith(".mjs");
  const bootstrap = bundled
    ? `import(${JSON.stringify(new URL("./http-thread-entry.mjs", import.meta.url).href)});`
    : `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(
        pathToFileURL(path.join(process.cwd(), "lib", "outbound", "http-thread-entry.ts")).href,
      )}); });`;
  type Thread = { worker: Worker; pending: Map<number, (result: PostResult) => void>; answered: boolean };
  let stopping = false;
  let nextId = 0;
  let turn = 0;
  const threads: Thread[] = [];

  const spawn = (): Thread => {
    const thread: Thread = { worker: new Worker(bootstrap, { eval: true }), pending: new Map(), answered: false };
    thread.worker.on("message", ({ id, result }: { id: number; result: PostResult }) => {
      thread.answered = true;
      thread.pending.get(id)?.(result);
      thread.pending.delete(id);
    });
    thread.worker.on("error", (error) => log.error({ err: error }, "an outbound HTTP thread failed"));
    thread.worker.on("exit", () => {
      for (const resolve of thread.pending.values())
        resolve({ status: null, latencyMs: 0, excerpt: "", error: "the delivery thread stopped", retryAfterMs: null });
      thread.pending.clear();
      threads.splice(threads.indexOf(thread), 1);
      if (stopping) return;
      // One that never answered could not start (and would not next time): POST on this thread instead.
      if (thread.answered) threads.push(spawn());
      else if (threads.length === 0) {
        log.error("outbound HTTP threads could not start: posting on the main thread");
        setPoster(null);
      }
    });
    thread.worker.unref();
    return thread;
  };
  let started = false;

  setPoster((input: PostInput) => {
    // Started at the first POST, not at boot: a server whose tenants forward nothing never pays for
    // them (about 0.3 s of CPU each to load, and a heap of their own); that POST waits in the port.
    if (!started) {
      started = true;
      for (let slot = 0; slot < count; slot++) threads.push(spawn());
    }
    const thread = threads[turn++ % threads.length];
    if (!thread) return postDirect(input);
    const id = nextId++;
    return new Promise<PostResult>((resolve) => {
      thread.pending.set(id, resolve);
      thread.worker.postMessage({ id, input });
    });
  });

  return async () => {
    stopping = true;
    setPoster(null);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  };
}
