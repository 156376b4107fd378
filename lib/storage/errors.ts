import { AppError } from "@/lib/errors";

const unavailableErrors = new Set([
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoServerSelectionError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
]);

// A connection lost mid-write reaches us as whatever wraps it: the driver's MongoBulkWriteError
// (insertMany) keeps the network error as `errorResponse` and takes over its message ("read
// ECONNRESET", "This socket has been ended by the other party"), and a network error keeps the
// socket's own error as `cause` (code ECONNRESET, EPIPE).
const outageMessage = /connection .* closed|ECONNREFUSED|ECONNRESET|EPIPE|socket has been ended|socket hang up/i;
const outageCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE"]);

function isOutage(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const { name, message, code, errorResponse, cause, err, errors } = error as Record<string, unknown>;
  if (typeof name === "string" && unavailableErrors.has(name)) return true;
  if (typeof message === "string" && outageMessage.test(message)) return true;
  if (typeof code === "string" && outageCodes.has(code)) return true;
  const nested = [errorResponse, cause, err, ...(Array.isArray(errors) ? errors : [])];
  return nested.some((inner) => inner !== error && isOutage(inner, depth + 1));
}

/** A database outage becomes 503 + Retry-After (nothing was half-written: every write is one document). */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof Error && isOutage(error)) {
    return new AppError("unavailable", "Database unavailable, retry later", undefined, { "retry-after": "5" });
  }
  return error;
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: number }).code === 11000;
}

export type WriteError = { index: number; code?: number; errmsg?: string };

/**
 * The per-document failures of an unordered insertMany (the driver gives one object or a list);
 * empty when the whole call failed (e.g. the connection), which means none was written.
 */
export function writeErrorsOf(error: unknown): WriteError[] {
  const writeErrors = (error as { writeErrors?: WriteError[] | WriteError } | null)?.writeErrors;
  if (writeErrors === undefined) return [];
  return Array.isArray(writeErrors) ? writeErrors : [writeErrors];
}
