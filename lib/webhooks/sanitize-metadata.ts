import { AppError } from "@/lib/errors";

const MAX_DEPTH = 6;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Makes free-form metadata safe to store: what validation accepts, storage can store, on MongoDB
 * and on the embedded FerretDB v1.24/SQLite alike. Found by posting to a real server
 * (tests/integration/webhooks-isolation.test.ts keeps checking it with generated metadata):
 * - `.` anywhere and a leading `$` in a key: both engines refuse them; escaped with their
 *   full-width look-alikes (U+FF0E, U+FF04), so the data is kept.
 * - a NUL in a key: no BSON document can hold it (the driver refuses the whole insert): refused.
 * - an array directly inside an array (`[[1, 2]]`, `[[]]`), at any depth: FerretDB v1 refuses
 *   the document ("nested arrays are not supported"): refused, as a retry can never succeed.
 * - a number JSON can write but not hold (`1e400` parses as Infinity): FerretDB refuses
 *   infinities: refused.
 * Stored as given: NUL and other control characters in string values, empty keys, keys of any
 * length (100 000 characters were stored), `$` or `.` elsewhere in a value, -0, 1e308, 2^63.
 * Lone surrogates (`"\ud800"`) are stored as U+FFFD by the BSON encoder, as MongoDB would.
 * Prototype-pollution keys are dropped; nesting is bounded.
 */
export function sanitizeMetadata(value: unknown, path = "metadata", depth = 0, inArray = false): unknown {
  if (depth > MAX_DEPTH) refuse("metadata", `must be nested at most ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    if (inArray) refuse(path, "must not be an array directly inside an array (wrap it in an object)");
    return value.map((item, index) => sanitizeMetadata(item, `${path}.${index}`, depth + 1, true));
  }
  if (typeof value === "number" && !Number.isFinite(value)) refuse(path, "must be a finite number");
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (FORBIDDEN.has(key)) continue;
    const at = `${path}.${JSON.stringify(key).slice(1, -1)}`;
    if (key.includes("\u0000")) refuse(at, "keys must not contain the NUL character (\\u0000)");
    out[escapeKey(key)] = sanitizeMetadata(inner, at, depth + 1);
  }
  return out;
}

function refuse(path: string, message: string): never {
  throw new AppError("validation_failed", "Invalid input", [{ path, message }]);
}

export function escapeKey(key: string): string {
  return key.replace(/\./g, "\uff0e").replace(/^\$/, "\uff04");
}
