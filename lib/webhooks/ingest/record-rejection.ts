import type { IncomingHttpHeaders } from "node:http";
import { logRejection } from "@/lib/activity/log-rejection";
import { watchRejection } from "@/lib/alerts/watch-rejections";
import { countDelivery } from "@/lib/insights/count-delivery";
import { getLogger } from "@/lib/logger";
import { createThrottledRefresh } from "@/lib/realtime/create-throttled-refresh";
import { REPLAYABLE_BYTES } from "@/lib/storage/ports/rejected-deliveries";
import { getStorage } from "@/lib/storage/registry";
import { decodeUtf8 } from "@/lib/webhooks/ingest/rejection";

const keptHeaders = [
  "content-type",
  "content-length",
  "user-agent",
  "x-webhook-signature",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "idempotency-key",
  "x-forwarded-for",
];

// What platforms send to a source's URL (SPEC §8): signature, topic and delivery ids, kept so a
// stored delivery can be verified and mapped again.
const platformHeader =
  /^(x-shopify-|shopify-|stripe-signature$|x-wc-webhook-|paddle-signature$|x-square-|x-signature$|x-event-name$)/;

/** The headers worth keeping for debugging a delivery; cookies and authorization never are. */
export function selectHeaders(headers: IncomingHttpHeaders, sourceHeaders = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!keptHeaders.includes(name) && !(sourceHeaders && platformHeader.test(name))) continue;
    if (typeof value === "string") out[name] = value.slice(0, 1024);
  }
  return out;
}

// Open deliveries debuggers refetch when a request is refused; a flood of refusals (a platform
// still signing with a rotated secret) is announced at most twice a second per tenant.
const announceRejection = createThrottledRefresh(500);

/** Keeps a refused request for the tenant's deliveries debugger and activity log. Best effort: never fails the response. */
export async function recordRejection(input: {
  tenantId: string | null;
  kind: string | null;
  reason: string;
  status: number;
  message: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  bytes?: number;
}): Promise<void> {
  try {
    const tenantId = input.tenantId && /^[0-9a-f]{24}$/i.test(input.tenantId) ? input.tenantId.toLowerCase() : null;
    await getStorage().rejectedDeliveries.record(tenantId, {
      kind: input.kind,
      reason: input.reason,
      status: input.status,
      message: input.message,
      headers: selectHeaders(input.headers, input.kind?.startsWith("source:") ?? false),
      bodyExcerpt: input.body.subarray(0, 4096).toString("utf8"),
      bodyBytes: input.bytes ?? input.body.length,
      ...replayableBody(tenantId, input),
    });
    if (tenantId) announceRejection(tenantId, { tenantId, reason: "inbound.delivery.rejected" });
  } catch (error) {
    getLogger().warn({ err: error, reason: input.reason }, "could not record a rejected delivery");
  } finally {
    // After the debugger's copy, so the request's own record is not held up by it. In memory,
    // throttled per reason: a flood of refusals writes one activity entry per reason per window.
    if (input.tenantId && /^[0-9a-f]{24}$/i.test(input.tenantId)) {
      countDelivery(input.tenantId.toLowerCase(), new Date(), { rejected: input.reason });
      logRejection(input.tenantId, input);
      watchRejection(input.tenantId.toLowerCase(), input);
    }
  }
}

// Refusals whose cause an admin can fix and then replay: a secret, a switch, a limit. A body that
// failed to parse or validate, a stale timestamp (never made fresh) or a source or tenant that does
// not exist would be refused again.
const REPLAYABLE = new Set([
  "missing_signature",
  "malformed_signature",
  "signature_mismatch",
  "endpoint_disabled",
  "webhooks_disabled",
  "source_disabled",
  "rate_limited",
]);
// Whole bodies kept per tenant per minute by this process: anyone who knows a tenant's URL can be
// refused, and a flood of forged requests must not fill the database with 64 KiB bodies.
const KEPT_PER_MINUTE = 30;
const keptThisMinute = new Map<string, number>();
let minute = 0;

/** The body kept whole for the tenant's replay, when the refusal is one a fix can undo. */
function replayableBody(tenantId: string | null, input: { reason: string; body: Buffer; bytes?: number }): { rawBody?: string } {
  if (!tenantId || !REPLAYABLE.has(input.reason)) return {};
  if ((input.bytes ?? input.body.length) !== input.body.length || input.body.length > REPLAYABLE_BYTES) return {};
  const now = Math.floor(Date.now() / 60_000);
  if (now !== minute) {
    minute = now;
    keptThisMinute.clear();
  }
  const kept = keptThisMinute.get(tenantId) ?? 0;
  if (kept >= KEPT_PER_MINUTE) return {};
  let text: string;
  try {
    // Only a body that is text as received can be sent again byte for byte.
    text = decodeUtf8(input.body);
  } catch {
    return {};
  }
  keptThisMinute.set(tenantId, kept + 1);
  return { rawBody: text };
}
