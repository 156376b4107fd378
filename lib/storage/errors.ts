import { AppError } from "@/lib/errors";

const unavailableErrors = new Set([
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoServerSelectionError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
]);

/** A database outage becomes 503 + Retry-After (nothing was half-written: every write is one document). */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof Error && (unavailableErrors.has(error.name) || /connection .* closed|ECONNREFUSED/i.test(error.message))) {
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
