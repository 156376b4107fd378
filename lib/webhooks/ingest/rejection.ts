import type { IncomingMessage } from "node:http";
import type { ErrorCode } from "@/lib/errors";

/** A refusal on the inbound hot path: its reason code is what the deliveries debugger shows. */
export class Rejection extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// fatal: invalid UTF-8 is a client error, not something to store with replacement characters.
export const decodeUtf8 = (body: Buffer) => new TextDecoder("utf-8", { fatal: true }).decode(body);
