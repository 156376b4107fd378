import type { IncomingHttpHeaders } from "node:http";
import { Types } from "mongoose";
import { getLogger } from "@/lib/logger";
import { RejectedDelivery } from "@/models/rejected-delivery";

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

/** Keeps a refused request for the tenant's deliveries debugger. Best effort: never fails the response. */
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
    await new RejectedDelivery({
      tenantId: input.tenantId && Types.ObjectId.isValid(input.tenantId) ? new Types.ObjectId(input.tenantId) : undefined,
      kind: input.kind,
      reason: input.reason,
      status: input.status,
      message: input.message,
      headers: selectHeaders(input.headers),
      bodyExcerpt: input.body.subarray(0, 4096).toString("utf8"),
      bodyBytes: input.bytes ?? input.body.length,
    }).save();
  } catch (error) {
    getLogger().warn({ err: error, reason: input.reason }, "could not record a rejected delivery");
  }
}
