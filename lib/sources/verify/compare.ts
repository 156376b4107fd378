import { createHmac, timingSafeEqual } from "node:crypto";

/** HMAC of `parts` (strings as UTF-8, buffers as given) with `key`. */
export function hmac(algorithm: "sha1" | "sha256" | "sha512", key: string | Buffer, parts: Array<string | Buffer>): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/**
 * Whether any of the given signatures is the expected one for any secret, in constant time per
 * comparison: the index of the secret that matched, or -1.
 */
export function matchingSecret(given: Buffer[], secrets: string[], expected: (secret: string) => Buffer): number {
  for (const [index, secret] of secrets.entries()) {
    const mac = expected(secret);
    if (given.some((candidate) => candidate.length === mac.length && timingSafeEqual(candidate, mac))) return index;
  }
  return -1;
}

/** Decodes a signature as sent: strict about the alphabet, so garbage is "malformed", not "mismatch". */
export function decodeSignature(value: string, encoding: "hex" | "base64"): Buffer | null {
  const trimmed = value.trim();
  if (encoding === "hex") return /^(?:[0-9a-f]{2})+$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : null;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && trimmed.length % 4 === 0 ? Buffer.from(trimmed, "base64") : null;
}
