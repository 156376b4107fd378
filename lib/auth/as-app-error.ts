import { AppError, type ErrorCode } from "@/lib/errors";

const codeByStatus: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  422: "conflict",
  429: "rate_limited",
};

/**
 * better-auth's APIError (a refusal from one of its endpoints called on the server) as our own
 * error, so it answers as the 4xx it is instead of a 500; anything else passes through unchanged.
 */
export function asAppError(error: unknown): unknown {
  if (typeof error !== "object" || error === null || error instanceof AppError) return error;
  const { statusCode, body } = error as { statusCode?: unknown; body?: { message?: unknown } };
  if (typeof statusCode !== "number") return error;
  const code = codeByStatus[statusCode];
  if (!code) return error;
  return new AppError(code, typeof body?.message === "string" ? body.message : "Request refused");
}
