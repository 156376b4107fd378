// The inbound and outbound logs' page cursor, one envelope on both adapters: the last row a page
// consumed (its time and id) and, on the embedded adapter, where each window resumes: its
// generation and the last row consumed from that generation (in the generation's own order).
// Opaque to callers, who only check that a cursor they were given back is one (a 400 otherwise).

/** Where one window resumes: generation `g`, after the row (`t`, `i`) of it when given, else from its start. */
export type LanePosition = { g: number; t?: number; i?: string };

export type LogCursor = { at: number; id: string; lanes?: Record<string, LanePosition> };

export function encodeLogCursor(cursor: LogCursor): string {
  const body = { t: cursor.at, i: cursor.id, ...(cursor.lanes ? { l: cursor.lanes } : {}) };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

const isPosition = (value: unknown): value is LanePosition => {
  if (typeof value !== "object" || value === null) return false;
  const { g, t, i } = value as Record<string, unknown>;
  return (
    Number.isInteger(g) &&
    (g as number) >= -1 &&
    (t === undefined || (typeof t === "number" && Number.isFinite(t))) &&
    (i === undefined || (typeof i === "string" && i.length <= 64))
  );
};

export function decodeLogCursor(cursor: string | undefined): LogCursor | null {
  if (!cursor || cursor.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { t?: unknown; i?: unknown; l?: unknown };
    if (typeof parsed.t !== "number" || !Number.isFinite(parsed.t) || typeof parsed.i !== "string" || parsed.i.length > 64)
      return null;
    if (parsed.l === undefined) return { at: parsed.t, id: parsed.i };
    if (typeof parsed.l !== "object" || parsed.l === null || Array.isArray(parsed.l)) return null;
    const lanes: Record<string, LanePosition> = {};
    for (const [key, position] of Object.entries(parsed.l)) {
      if (key.length > 120 || !isPosition(position)) return null;
      lanes[key] = {
        g: position.g,
        ...(position.t !== undefined && position.i !== undefined ? { t: position.t, i: position.i } : {}),
      };
    }
    return { at: parsed.t, id: parsed.i, lanes };
  } catch {
    return null;
  }
}
