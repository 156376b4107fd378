import { AppError, toErrorResponse } from "@/lib/errors";
import { getLogger } from "@/lib/logger";

/** Route handlers end with this: a JSON success body, or the error table's answer. */
export function jsonOk(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, init);
}

export function jsonError(error: unknown): Response {
  const { status, headers, body } = toErrorResponse(error);
  if (status >= 500) getLogger().error({ err: error }, "request failed");
  return Response.json(body, { status, headers });
}

/** Reads a JSON body; malformed JSON is the caller's 400, never a 500. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new AppError("unsupported_media_type", "Content-Type must be application/json");
  }
  try {
    return await request.json();
  } catch {
    throw new AppError("bad_request", "Body is not valid JSON");
  }
}
