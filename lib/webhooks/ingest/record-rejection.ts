import type { IncomingHttpHeaders } from "node:http";
import { Types } from "mongoose";
import { logRejection } from "@/lib/activity/log-rejection";
import { insertBatched, insertBatchedRaw } from "@/lib/db/insert-batched";
import { getLogger } from "@/lib/logger";
import { RECENT_REJECTIONS, RejectedDelivery, recentRejectionsCollection } from "@/models/rejected-delivery";

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

/** The headers worth keeping for debugging a delivery; cookies and authorization never are. */
export function selectHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of keptHeaders) {
    const value = headers[name];
    if (typeof value === "string") out[name] = value.slice(0, 1024);
  }
  return out;
}

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
    const tenantId = input.tenantId && Types.ObjectId.isValid(input.tenantId) ? input.tenantId : null;
    // Through the single writer, in arrival order: a burst of refusals must not turn into competing
    // SQLite writers that finish out of order (the window below keeps the newest by arrival).
    const doc = {
      _id: new Types.ObjectId(),
      tenantId: tenantId ? new Types.ObjectId(tenantId) : null,
      kind: input.kind,
      reason: input.reason,
      status: input.status,
      message: input.message,
      headers: selectHeaders(input.headers),
      bodyExcerpt: input.body.subarray(0, 4096).toString("utf8"),
      bodyBytes: input.bytes ?? input.body.length,
      receivedAt: new Date(),
    };
    await Promise.all([insertBatched(RejectedDelivery, doc), tenantId ? keepRecent(tenantId, doc) : null]);
  } catch (error) {
    getLogger().warn({ err: error, reason: input.reason }, "could not record a rejected delivery");
  } finally {
    // After the debugger's copy, so the request's own record is not held up by it. In memory,
    // throttled per reason: a flood of refusals writes one activity entry per reason per window.
    if (input.tenantId && Types.ObjectId.isValid(input.tenantId)) logRejection(input.tenantId, input);
  }
}

// Appends since this process last trimmed each tenant's window (other processes trim their own share).
const sinceTrim = new Map<string, number>();

async function keepRecent(tenantId: string, doc: Record<string, unknown>): Promise<void> {
  const recent = recentRejectionsCollection(tenantId);
  await insertBatchedRaw(recent, doc);
  const count = (sinceTrim.get(tenantId) ?? 0) + 1;
  sinceTrim.set(tenantId, count);
  if (count < 25) return;
  sinceTrim.set(tenantId, 0);
  const all = await recent.find({}, { projection: { receivedAt: 1 } }).toArray();
  all.sort((a, b) => new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime());
  // By `_id`, one at a time: the only filter the embedded database answers without a scan.
  await Promise.all(all.slice(RECENT_REJECTIONS).map((old) => recent.deleteOne({ _id: old._id })));
}
