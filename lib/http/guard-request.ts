import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { findCrossOrigin, type HeaderGetter } from "@/lib/http/find-cross-origin";
import { isJsonMediaType } from "@/lib/http/is-json-media-type";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one guard every state-changing request passes (API routes, better-auth's routes, the
 * webhook hot path): a same-origin page or no browser at all, and a JSON body or none. API-key
 * callers without a cookie are exempt from the origin rule: a page cannot make a browser attach
 * their key. Throws the AppError to answer with. `formPing`: a source's URL (WooCommerce pings
 * form-encoded).
 */
export function guardRequest(request: { method: string; get: HeaderGetter }, options: { formPing?: boolean } = {}): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const get = request.get;
  const apiKeyOnly = !get("cookie") && (/^bearer\s/i.test(get("authorization") ?? "") || Boolean(get("x-api-key")));
  if (!apiKeyOnly) {
    const reason = findCrossOrigin(get, getEnv().TRUSTED_ORIGINS);
    if (reason) throw new AppError("forbidden", `Cross-origin request refused: ${reason}`);
  }
  const type = get("content-type");
  const length = get("content-length");
  const hasBody = Boolean(get("transfer-encoding")) || (length !== null && length !== undefined && length !== "0");
  // A source's URL also takes WooCommerce's unsigned, form-encoded ping (handle-source-request.ts
  // answers it and stores nothing else); anything else it takes must verify first.
  const formPing = options.formPing && /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type ?? "");
  if ((type || hasBody) && !isJsonMediaType(type) && !formPing) {
    throw new AppError("unsupported_media_type", "Content-Type must be application/json");
  }
}

/** The guard's view of a fetch Request (route handlers). */
export function guardFetchRequest(request: Request): void {
  guardRequest({ method: request.method, get: (name) => request.headers.get(name) });
}
