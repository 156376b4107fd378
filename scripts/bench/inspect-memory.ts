import WebSocket from "ws";

export type MemoryReading = { rss: number; heapUsed: number; external: number };

/**
 * The memory of a process started with `--inspect=127.0.0.1:0`, read through its inspector (the
 * debugger's address is in the process's output): a full garbage collection first, so what is
 * read is what the process holds, not what it has yet to collect.
 */
export async function inspectMemory(output: () => string): Promise<{ read: () => Promise<MemoryReading>; close: () => void }> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1];
  if (!url) throw new Error("the process printed no inspector address (start it with --inspect=127.0.0.1:0)");
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  const read = async (): Promise<MemoryReading> => {
    await call("HeapProfiler.collectGarbage");
    const evaluated = (await call("Runtime.evaluate", {
      expression: "JSON.stringify(process.memoryUsage())",
      returnByValue: true,
    })) as { result: { value: string } };
    return JSON.parse(evaluated.result.value) as MemoryReading;
  };
  return { read, close: () => socket.close() };
}
