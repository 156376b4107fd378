import { createHmac } from "node:crypto";
import { hexSchemeKey } from "@/lib/webhooks/signatures/keys";

/** `X-Webhook-Signature`: hex HMAC-SHA256 of the raw body. */
export function signHex(body: string | Uint8Array, secret: string): string {
  return createHmac("sha256", hexSchemeKey(secret)).update(body).digest("hex");
}
