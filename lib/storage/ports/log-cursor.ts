// The inbound logs' page cursor, the same envelope on both adapters: the last row a page consumed
// (its time and record id) and, on the embedded adapter, the generation each window resumes at.
// Opaque to callers, who only check that a cursor they were given back is one (a 400 otherwise).

export type LogCursor = { at: number; id: string; generations?: Record<string, number> };

export function encodeLogCursor(cursor: LogCursor): string {
  return Buffer.from(
    JSON.stringify({ t: cursor.at, i: cursor.id, ...(cursor.generations ? { g: cursor.generations } : {}) }),
  ).toString("base64url");
}

export function decodeLogCursor(cursor: string | undefined): LogCursor | null {
  if (!cursor || cursor.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { t?: unknown; i?: unknown; g?: unknown };
    if (typeof parsed.t !== "number" || !Number.isFinite(parsed.t) || typeof parsed.i !== "string" || parsed.i.length > 64)
      return null;
    if (parsed.g === undefined) return { at: parsed.t, id: parsed.i };
    if (typeof parsed.g !== "object" || parsed.g === null || Array.isArray(parsed.g)) return null;
    const generations: Record<string, number> = {};
    for (const [key, generation] of Object.entries(parsed.g)) {
      if (!Number.isInteger(generation) || (generation as number) < -1) return null;
      generations[key] = generation as number;
    }
    return { at: parsed.t, id: parsed.i, generations };
  } catch {
    return null;
  }
}
