import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { getEnv } from "@/lib/env";
import { blockedAddressReason } from "@/lib/outbound/blocked-address-reason";
import { services } from "@/lib/services/registry";

export const RESPONSE_EXCERPT_BYTES = 4096;

export type PostResult = {
  /** HTTP status, or null when no answer came. */
  status: number | null;
  latencyMs: number;
  /** The first 4 KB of the answer, as text. */
  excerpt: string;
  error: string | null;
  /** A Retry-After the receiver sent, in ms (not yet bounded). */
  retryAfterMs: number | null;
};

class BlockedAddressError extends Error {
  override name = "BlockedAddressError";
}

/**
 * The DNS look-up the socket connects with: every address the name resolves to is checked at
 * connection time, so a name that resolved to a public address when it was saved and to a private
 * one now (DNS rebinding) is still refused.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  const allowPrivate = getEnv().OUTBOUND_ALLOW_PRIVATE;
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    for (const entry of addresses) {
      const reason = blockedAddressReason(entry.address, allowPrivate);
      if (reason) return callback(new BlockedAddressError(`${hostname} resolves to ${entry.address}, ${reason}`), "", 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0];
    if (!first) return callback(new Error(`${hostname} has no address`), "", 0);
    callback(null, first.address, first.family);
  });
};

// A new connection per attempt (every socket goes through the guarded look-up above), from one
// agent per scheme rather than a throwaway agent per request (`agent: false`).
const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false });

function parseRetryAfter(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

export type PostInput = { url: string; headers: Record<string, string>; body: string; timeoutMs: number };

/** Where a server's POSTs go when it runs them on worker threads (lib/outbound/start-http-threads.ts). */
export type Poster = (input: PostInput) => Promise<PostResult>;

export function setPoster(poster: Poster | null): void {
  services().poster = poster ?? undefined;
}

/**
 * One POST to a tenant's endpoint (see postDirect), on the server's HTTP threads when it runs
 * them — the same code, off the thread that also serves the app — and here otherwise.
 */
export function postToEndpoint(input: PostInput): Promise<PostResult> {
  const poster = services().poster;
  return poster ? poster(input) : postDirect(input);
}

/**
 * One POST to a tenant's endpoint: SSRF-guarded, never following a redirect, bounded by the
 * tenant's timeout (connect to last byte), keeping only the first 4 KB of the answer.
 */
export function postDirect(input: PostInput): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<PostResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const fail = (error: string) => finish({ status: null, excerpt: "", error, retryAfterMs: null });
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      return fail("invalid URL");
    }
    // A literal IP never goes through the look-up above.
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host)) {
      const reason = blockedAddressReason(host, getEnv().OUTBOUND_ALLOW_PRIVATE);
      if (reason) return fail(`refused: ${host} is ${reason}`);
    }
    const client = url.protocol === "https:" ? https : http;
    const agent = url.protocol === "https:" ? httpsAgent : httpAgent;
    const body = Buffer.from(input.body, "utf8");
    const request = client.request(url, {
      method: "POST",
      headers: { ...input.headers, "content-length": String(body.length) },
      lookup: guardedLookup,
      agent,
    });
    timer = setTimeout(() => {
      request.destroy();
      fail(`timeout after ${input.timeoutMs} ms`);
    }, input.timeoutMs);
    request.on("error", (error) =>
      fail(error instanceof BlockedAddressError ? `refused: ${error.message}` : error.message || String(error)),
    );
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on("data", (chunk: Buffer) => {
        if (kept >= RESPONSE_EXCERPT_BYTES) return;
        chunks.push(chunk.subarray(0, RESPONSE_EXCERPT_BYTES - kept));
        kept += Math.min(chunk.length, RESPONSE_EXCERPT_BYTES - kept);
        // Enough for the log: the rest of a large answer is not worth waiting for.
        if (kept >= RESPONSE_EXCERPT_BYTES) response.destroy();
      });
      const done = () => {
        const status = response.statusCode ?? null;
        const excerpt = Buffer.concat(chunks).toString("utf8");
        const location = response.headers.location;
        const error =
          status !== null && status >= 300 && status < 400
            ? `redirect to ${location ?? "(no location)"} not followed`
            : status !== null && (status < 200 || status >= 300)
              ? `HTTP ${status}`
              : null;
        finish({ status, excerpt, error, retryAfterMs: parseRetryAfter(response.headers["retry-after"]) });
      };
      response.on("end", done);
      response.on("close", done);
      response.on("error", done);
    });
    request.end(body);
  });
}
