// Callers never pass a secret to the activity log; this is the last line of defence if one slips
// through: a value under a secret-sounding key, or one that looks like one of our secrets, is masked
// before it is stored.
const secretKeys = /^(secret|webhookSecret|signingSecret|password|token|accessToken|refreshToken|authorization|cookie)$/i;
// A whole secret, not the few characters an API key list shows to tell keys apart ("pb_ab12").
const secretValues = /^(whsec_[A-Za-z0-9+/=]{16,}|pb_[A-Za-z0-9_-]{16,}|Bearer\s+\S{8,})/;

export const REDACTED = "[redacted]";

export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return secretValues.test(value) ? REDACTED : value;
  if (value === null || typeof value !== "object" || depth > 8) return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      secretKeys.test(key) && item !== null && item !== undefined ? REDACTED : redactSecrets(item, depth + 1),
    ]),
  );
}
