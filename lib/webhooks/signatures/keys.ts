// Key material per SPEC §3: the hex scheme keys HMAC with the whole secret string (as the
// original system did with WEBHOOK_SECRET); Standard Webhooks keys it with the base64-decoded
// part after `whsec_` (a secret without the prefix is used as its UTF-8 bytes).
export function hexSchemeKey(secret: string): Buffer {
  return Buffer.from(secret, "utf8");
}

export function standardSchemeKey(secret: string): Buffer {
  return secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8");
}
