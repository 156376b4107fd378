import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import { sampleFor } from "@/lib/webhooks/samples";
import { type RunningProcess, startProcess } from "../../tests/support/app-process";
import { signUp } from "../../tests/support/http";
import { tenantSecret } from "../../tests/support/webhooks";
import { inspectMemory, type MemoryReading } from "./inspect-memory";
import { startBenchStack } from "./stack";
import { percentile, runConcurrent } from "./stats";

// `npm run bench -- fanout [--sockets 1000,5000] [--samples 30]` (issue 15): one tenant's
// authenticated sockets, all in its room, as a store's staff keeping tabs open. For each count:
// one signed notification webhook → the time until the last socket has its new-notification
// (p50/p99 over the samples), and the server's memory per connected socket (what it holds after a
// full garbage collection, heap and buffers, read through its inspector: with the sockets minus
// before any, over the count; its RSS is printed beside). The baseline, in the same run: a bare
// Socket.IO server (./bare-socket-server.ts, own process, defaults) holding the same number of
// sockets in one room, emitting on a POST; `ratioToBare` divides ours by its figures.

const round = (x: number) => Math.round(x * 100) / 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a process holds for its sockets: its JS heap and the memory outside it (buffers), after a full collection. */
const held = (reading: MemoryReading) => reading.heapUsed + reading.external;

type Side = {
  url: string;
  connect: (socket: Socket) => Promise<void>;
  options: Parameters<typeof io>[1];
  /** Sends one event to every socket; resolves once it was answered. */
  send: (title: string) => Promise<void>;
};

/** A crowd of sockets on one side, each counting what it receives. */
function crowd(side: Side) {
  const sockets: Socket[] = [];
  let waiting: { title: string; left: number; done: (at: number) => void } | null = null;
  const onEvent = (payload: { title?: string }) => {
    if (!waiting || payload.title !== waiting.title) return;
    waiting.left -= 1;
    if (waiting.left === 0) waiting.done(performance.now());
  };
  const grow = async (count: number) => {
    const missing = count - sockets.length;
    await runConcurrent(missing, 100, async () => {
      const socket = io(side.url, { ...side.options, transports: ["websocket"], forceNew: true, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      await side.connect(socket);
      socket.on("new-notification", onEvent);
      sockets.push(socket);
    });
  };
  /** One event to all: ms from the send until the last socket has it. */
  const fanOut = async (title: string): Promise<number> => {
    const all = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not every socket had ${title} within 30 s`)), 30_000);
      waiting = {
        title,
        left: sockets.length,
        done: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
    });
    const t0 = performance.now();
    await side.send(title);
    const at = await all;
    waiting = null;
    return at - t0;
  };
  const close = () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  };
  return { grow, fanOut, close, size: () => sockets.length };
}

async function post(url: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const response = await fetch(url, { method: "POST", ...init });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`${url} answered ${response.status}`);
}

export async function benchFanout(options: { counts: number[]; samples: number }) {
  const counts = [...options.counts].sort((a, b) => a - b);
  const inspect = ["--inspect=127.0.0.1:0"];
  const { app, mongo, stop } = await startBenchStack("fanout", {}, { nodeArgs: inspect });
  let bare: RunningProcess | null = null;
  const crowds: Array<ReturnType<typeof crowd>> = [];
  const inspectors: Array<{ close: () => void }> = [];
  try {
    bare = await startProcess(
      [...inspect, "scripts/bench/bare-socket-server.ts"],
      { ...process.env },
      "bare socket server listening on",
    );
    const memory = { ours: await inspectMemory(app.output), bare: await inspectMemory(bare.output) };
    inspectors.push(memory.ours, memory.bare);
    const readBoth = async () => ({ ours: await memory.ours.read(), bare: await memory.bare.read() });
    const barePort = /listening on (\d+)/.exec(bare.output())?.[1];
    const owner = await signUp(app.baseUrl);
    const secret = await tenantSecret(mongo, owner.tenantId);
    const join = async (socket: Socket, event: string, ...args: unknown[]) => {
      const ack = (await socket.timeout(10_000).emitWithAck(event, ...args)) as { ok: boolean };
      if (!ack.ok) throw new Error(`${event} refused`);
    };
    const ours = crowd({
      url: app.baseUrl,
      options: { extraHeaders: { cookie: owner.cookie } },
      connect: (socket) => join(socket, "join-tenant", owner.tenantId),
      send: (title) => {
        const signed = buildSignedRequest({
          baseUrl: app.baseUrl,
          kind: "notifications",
          payload: sampleFor("notifications", owner.tenantId, { title }),
          secret,
        });
        return post(signed.url, { headers: signed.headers, body: signed.body });
      },
    });
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const theirs = crowd({
      url: bareUrl,
      // The same handshake as ours (the cookie is kept with each socket's request on both sides).
      options: { extraHeaders: { cookie: owner.cookie } },
      connect: (socket) => join(socket, "join"),
      send: (title) => post(`${bareUrl}/emit?title=${encodeURIComponent(title)}`),
    });
    crowds.push(ours, theirs);

    // Warm-up with a few sockets: JIT, the tenant's inbox, connection pools.
    await ours.grow(10);
    await theirs.grow(10);
    const run = randomUUID().slice(0, 6);
    for (let i = 0; i < 30; i++) {
      await ours.fanOut(`warm-${run}-${i}`);
      await theirs.fanOut(`bare-warm-${run}-${i}`);
    }
    const before = await readBoth();

    const results = [];
    for (const count of counts) {
      await ours.grow(count);
      await theirs.grow(count);
      const now = await readBoth();
      // Interleaved, so both see the same machine state.
      const mine: number[] = [];
      const bareTimes: number[] = [];
      for (let i = 0; i < options.samples; i++) {
        mine.push(await ours.fanOut(`n${count}-${run}-${i}`));
        bareTimes.push(await theirs.fanOut(`bare-n${count}-${run}-${i}`));
        await pause(50);
      }
      mine.sort((a, b) => a - b);
      bareTimes.sort((a, b) => a - b);
      const perSocket = {
        ours: (held(now.ours) - held(before.ours)) / count,
        bare: (held(now.bare) - held(before.bare)) / count,
      };
      const lastSocketMs = { p50: round(percentile(mine, 50)), p99: round(percentile(mine, 99)) };
      const bareLastSocketMs = { p50: round(percentile(bareTimes, 50)), p99: round(percentile(bareTimes, 99)) };
      results.push({
        sockets: count,
        lastSocketMs,
        bareLastSocketMs,
        memoryPerSocketKiB: round(perSocket.ours / 1024),
        bareMemoryPerSocketKiB: round(perSocket.bare / 1024),
        // The two parts of it: V8's heap, and memory outside it (buffers).
        heapAndExternalPerSocketKiB: {
          ours: [
            round((now.ours.heapUsed - before.ours.heapUsed) / count / 1024),
            round((now.ours.external - before.ours.external) / count / 1024),
          ],
          bare: [
            round((now.bare.heapUsed - before.bare.heapUsed) / count / 1024),
            round((now.bare.external - before.bare.external) / count / 1024),
          ],
        },
        serverRssMiB: { ours: round(now.ours.rss / 2 ** 20), bare: round(now.bare.rss / 2 ** 20) },
        ratioToBare: {
          memoryPerSocket: round(perSocket.ours / perSocket.bare),
          lastSocketP50: round(lastSocketMs.p50 / bareLastSocketMs.p50),
          lastSocketP99: round(lastSocketMs.p99 / bareLastSocketMs.p99),
        },
        targets: { "memory per socket <= 1.2x bare Socket.IO": perSocket.ours <= 1.2 * perSocket.bare },
      });
    }
    return {
      machine: "2 cores; server, bare server and every client socket on loopback, clients in the bench process",
      samples: options.samples,
      heldBeforeMiB: { ours: round(held(before.ours) / 2 ** 20), bare: round(held(before.bare) / 2 ** 20) },
      results,
    };
  } finally {
    for (const c of crowds) c.close();
    for (const inspector of inspectors) inspector.close();
    await bare?.stop();
    await stop();
  }
}
