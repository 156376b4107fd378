import { createHmac } from "node:crypto";
import { standardSchemeKey } from "@/lib/webhooks/signatures/keys";

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signStandard(input: { id: string; timestamp: number; body: string | Uint8Array; secret: string }): string {
  const mac = createHmac("sha256", standardSchemeKey(input.secret));
  mac.update(`${input.id}.${input.timestamp}.`);
  mac.update(input.body);
  return `v1,${mac.digest("base64")}`;
}
