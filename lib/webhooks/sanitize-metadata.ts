import { AppError } from "@/lib/errors";

const MAX_DEPTH = 6;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Makes free-form metadata safe to store: drops prototype-pollution keys, escapes what MongoDB
 * (and FerretDB) refuse in keys — `.` anywhere and a leading `$` — with their full-width look-alikes
 * (U+FF0E, U+FF04), and bounds nesting.
 */
export function sanitizeMetadata(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH)
    throw new AppError("validation_failed", "Invalid input", [
      { path: "metadata", message: `must be nested at most ${MAX_DEPTH} levels deep` },
    ]);
  if (Array.isArray(value)) return value.map((item) => sanitizeMetadata(item, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (FORBIDDEN.has(key)) continue;
    out[escapeKey(key)] = sanitizeMetadata(inner, depth + 1);
  }
  return out;
}

export function escapeKey(key: string): string {
  return key.replace(/\./g, "\uff0e").replace(/^\$/, "\uff04");
}
