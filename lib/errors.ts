import { ZodError } from "zod";

// One error class and one code→status table for the whole app: routes, the socket
// layer and the CLI all turn failures into `{ success: false, error, details? }`.
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorBody = { success: false; error: string; code: ErrorCode; details?: unknown };

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** zod issues listed by path, as the API documents them. */
export function issuesByPath(error: ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join(".") : "(root)",
    message: issue.message,
  }));
}

/** Normalises anything thrown into a status, headers and a safe body (never a stack trace). */
export function toErrorResponse(error: unknown): { status: number; headers: Record<string, string>; body: ErrorBody } {
  if (error instanceof AppError) {
    const body: ErrorBody = { success: false, error: error.message, code: error.code };
    if (error.details !== undefined) body.details = error.details;
    return { status: error.status, headers: error.headers, body };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      headers: {},
      body: { success: false, error: "Invalid input", code: "validation_failed", details: issuesByPath(error) },
    };
  }
  return { status: 500, headers: {}, body: { success: false, error: "Internal server error", code: "internal" } };
}

export const notFound = (what = "Not found") => new AppError("not_found", what);
export const unauthorized = (message = "Authentication required") => new AppError("unauthorized", message);
export const forbidden = (message = "You do not have permission to do that") => new AppError("forbidden", message);
