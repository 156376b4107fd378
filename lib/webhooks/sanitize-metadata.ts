import { AppError } from "@/lib/errors";

const MAX_DEPTH = 6;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

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
 * length (100 000 characters were stored), `$` or `.` in a value, 1e308, 2^63, 1e-400 (as 0).
 * Changed by the driver's BSON encoding, on either engine: a lone surrogate (`"\ud800"`) is
 * stored as U+FFFD, and -0 as 0. So `{"\ud800":1,"\udc00":2}` became a document with the same
 * key twice, which FerretDB refuses (a 500 found by the generated inputs): keys are replaced here,
 * and two keys that become one (`"a.b"` and `"a\uff0eb"` too) are refused.
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
    const stored = escapeKey(key).replace(LONE_SURROGATE, "\ufffd");
    // Two keys that one stored key would stand for: FerretDB refuses the duplicate, and keeping
    // either one would lose the other without a word.
    if (Object.hasOwn(out, stored))
      refuse(at, "is the same key as another one once stored ('.', a leading '$' and lone surrogates are replaced)");
    out[stored] = sanitizeMetadata(inner, at, depth + 1);
  }
  return out;
}

function refuse(path: string, message: string): never {
  throw new AppError("validation_failed", "Invalid input", [{ path, message }]);
}

export function escapeKey(key: string): string {
  return key.replace(/\./g, "\uff0e").replace(/^\$/, "\uff04");
}
