import { afterEach, describe, expect, it, vi } from "vitest";

// server.ts and Next's bundle load the same modules twice in one process: two module graphs that
// share nothing but globalThis. vi.resetModules() gives the next import fresh module instances, as
// the second graph has.
async function secondGraph<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe("services registry", () => {
  afterEach(() => vi.resetModules());

  it("keeps one writer per database across module graphs", async () => {
    const a = await secondGraph(() => import("@/lib/storage/embedded/insert-batched"));
    const b = await secondGraph(() => import("@/lib/storage/embedded/insert-batched"));
    expect(a.serialWrite).not.toBe(b.serialWrite);
    const order: string[] = [];
    const gate = deferred();
    const first = a.serialWrite(
      async () => {
        order.push("a started");
        await gate.promise;
        order.push("a done");
      },
      "record",
      "registry-test",
    );
    const second = b.serialWrite(async () => void order.push("b"), "record", "registry-test");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(["a started"]);
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(["a started", "a done", "b"]);
  });

  it("shares caches and services across module graphs", async () => {
    const cacheA = await secondGraph(() => import("@/lib/cache/process-cache"));
    const cacheB = await secondGraph(() => import("@/lib/cache/process-cache"));
    cacheA.processCache<string>("registry-test").set("tenant", "settings", 60_000);
    expect(cacheB.processCache<string>("registry-test").get("tenant")).toBe("settings");

    const ioA = await secondGraph(() => import("@/lib/realtime/io-registry"));
    const ioB = await secondGraph(() => import("@/lib/realtime/io-registry"));
    const io = {} as Parameters<typeof ioA.setIo>[0];
    ioA.setIo(io);
    try {
      expect(ioB.getIo()).toBe(io);
    } finally {
      ioA.setIo(undefined);
    }
  });

  it("tells a journal replay which events ran here after it listed them, in either module graph", async () => {
    const { eventsRunningHere: hot } = await secondGraph(() => import("@/lib/webhooks/ingest/events-running-here"));
    const { eventsRunningHere: next } = await secondGraph(() => import("@/lib/webhooks/ingest/events-running-here"));
    const before = Date.now();
    const pass = next.watchStarts();
    const done = hot.start("entry-ran-since");
    expect(next.has("entry-ran-since")).toBe(true);
    done();
    // Listed before the run: the replay must leave it. Listed after: the run's writes are visible.
    expect(pass.ranSince("entry-ran-since", before)).toBe(true);
    expect(pass.ranSince("entry-ran-since", Date.now() + 1)).toBe(false);
    expect(pass.ranSince("entry-never-ran-here", before)).toBe(false);
    pass.stop();
    // Starts are kept only while a pass watches: none is remembered once it has ended.
    hot.start("entry-after-the-pass")();
    expect(pass.ranSince("entry-after-the-pass", before)).toBe(false);
  });
});
