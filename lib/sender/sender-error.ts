export type SenderErrorCode =
  /** The payload failed the same schema the server applies; nothing was sent. */
  | "invalid_payload"
  /** The server refused the delivery (4xx other than 408/425/429): fix the request, do not retry it. */
  | "rejected"
  /** Still 429 after the allowed attempts, or the server asked to wait longer than the policy allows. */
  | "rate_limited"
  /** Still 5xx after the allowed attempts (e.g. 503 while the database is down). */
  | "unavailable"
  /** No answer after the allowed attempts (connection refused, reset, timeout). */
  | "network";

/** Why a send failed, with the last answer and everything needed to retry it later under the same key. */
export class SenderError extends Error {
  override name = "SenderError";
  constructor(
    readonly code: SenderErrorCode,
    message: string,
    readonly info: {
      /** The last HTTP status, when the server answered. */
      status?: number;
      /** The server's JSON answer (`{success:false, error, reason?, details?}`), when it answered. */
      body?: Record<string, unknown>;
      /** `[{path, message}]` from the server or the local schema check. */
      details?: unknown;
      /** The idempotency key of this logical send: reuse it to retry later without duplicating. */
      deliveryId: string;
      attempts: number;
      /** The server's last Retry-After, in ms. */
      retryAfterMs?: number;
      cause?: unknown;
    },
  ) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
  }

  get status(): number | undefined {
    return this.info.status;
  }
  get deliveryId(): string {
    return this.info.deliveryId;
  }
  get attempts(): number {
    return this.info.attempts;
  }
}
