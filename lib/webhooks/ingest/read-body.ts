import type { IncomingMessage } from "node:http";

export type BodyRead = { ok: true; body: Buffer } | { ok: false; excerpt: Buffer; bytes: number };

/**
 * Reads the request body up to `limit` bytes. An oversized body is refused from its
 * Content-Length, or as soon as the stream passes the limit — never buffered whole.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.resolve({ ok: false, excerpt: Buffer.alloc(0), bytes: declared });

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        resolve({ ok: false, excerpt: Buffer.concat(chunks).subarray(0, 4096), bytes: size });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve({ ok: true, body: Buffer.concat(chunks, size) }));
    req.once("error", reject);
  });
}
