import { randomBytes } from "node:crypto";

/** `whsec_` + base64 of 32 CSPRNG bytes (SPEC §3), the format Standard Webhooks uses. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
