import { isDeepStrictEqual } from "node:util";

/**
 * `read()` once what it returns stops changing: a delivery's record and dashboard fact are written
 * just after its answer (lib/webhooks/ingest/process-delivery.ts), so a read made right after the
 * last response is repeated until two reads `gapMs` apart agree (or `attempts` run out).
 */
export async function settledRead<T>(read: () => Promise<T>, gapMs = 100, attempts = 50): Promise<T> {
  let last = await read();
  for (let attempt = 0; attempt < attempts; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    const next = await read();
    if (isDeepStrictEqual(next, last)) return next;
    last = next;
  }
  return last;
}
