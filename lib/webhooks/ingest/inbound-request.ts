import type { IncomingMessage, ServerResponse } from "node:http";
import { getEnv } from "@/lib/env";
import { AppError, toErrorResponse } from "@/lib/errors";
import { guardRequest } from "@/lib/http/guard-request";
import { sendJson } from "@/lib/http/send-json";
import { getLogger } from "@/lib/logger";
import { isDbConnected } from "@/lib/storage/database/connect";
import { asUnavailable } from "@/lib/storage/errors";
import { readBody } from "@/lib/webhooks/ingest/read-body";
import { recordRejection } from "@/lib/webhooks/ingest/record-rejection";
import { header, Rejection } from "@/lib/webhooks/ingest/rejection";

/** What a refusal records, filled in as the request is read (the tenant once it is known). */
export type InboundState = { tenantId: string | null; body: Buffer; bytes: number };

export const newInboundState = (): InboundState => ({ tenantId: null, body: Buffer.alloc(0), bytes: 0 });

/**
 * The start of every inbound route (SPEC §3): POST, a body within the limit, the origin and
 * media-type guard, a connected database. Throws the Rejection (or 503) to answer with.
 */
export async function receiveInbound(
  req: IncomingMessage,
  state: InboundState,
  guard: { formPing?: boolean } = {},
): Promise<Buffer> {
  const limit = getEnv().WEBHOOK_MAX_BODY_BYTES;
  if (req.method !== "POST") throw new Rejection("bad_request", "method_not_allowed", "Use POST", undefined, { allow: "POST" });
  const read = await readBody(req, limit);
  if (!read.ok) {
    state.body = read.excerpt;
    state.bytes = read.bytes;
    throw new Rejection("payload_too_large", "payload_too_large", `Body exceeds ${limit} bytes`);
  }
  state.body = read.body;
  state.bytes = read.body.length;
  try {
    guardRequest({ method: "POST", get: (name) => header(req, name) }, guard);
  } catch (error) {
    const refusal = error as AppError;
    throw new Rejection(refusal.code, refusal.code === "forbidden" ? "cross_origin" : refusal.code, refusal.message);
  }
  if (!isDbConnected()) throw asUnavailable(Object.assign(new Error("not connected"), { name: "MongoNotConnectedError" }));
  return read.body;
}

/**
 * Answers what stopped an inbound request: a Rejection as a JSON error with its reason, kept for
 * the deliveries debugger; anything else as its status (503 with Retry-After while the database
 * is down), logged when it is ours (500). Never a stack trace in the answer.
 */
export function answerFailure(
  req: IncomingMessage,
  res: ServerResponse,
  caught: unknown,
  state: InboundState,
  kind: string,
): void {
  const error = caught instanceof Rejection ? caught : asUnavailable(caught);
  if (error instanceof Rejection) {
    const { status, body } = toErrorResponse(new AppError(error.code, error.message, error.details));
    const headers = { ...error.headers, ...(status === 413 ? { connection: "close" } : {}) };
    sendJson(res, status, { ...body, reason: error.reason }, headers);
    if (status === 413) res.once("finish", () => req.destroy());
    void recordRejection({ ...state, kind, reason: error.reason, status, message: error.message, headers: req.headers });
    return;
  }
  const { status, headers, body } = toErrorResponse(error);
  if (status >= 500 && status !== 503)
    getLogger().error({ err: caught, kind, tenantId: state.tenantId }, "webhook ingest failed");
  sendJson(res, status, body, headers);
}
