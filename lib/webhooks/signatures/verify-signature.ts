import { createHmac, timingSafeEqual } from "node:crypto";
import { hexSchemeKey, standardSchemeKey } from "@/lib/webhooks/signatures/keys";

export const STANDARD_TOLERANCE_S = 5 * 60;

export type CandidateSecret = { label: "current" | "previous" | "global"; value: string };

export type SignatureHeaders = {
  "x-webhook-signature"?: string;
  "webhook-id"?: string;
  "webhook-timestamp"?: string;
  "webhook-signature"?: string;
};

export type SignatureFailure = "missing_signature" | "malformed_signature" | "stale_timestamp" | "signature_mismatch";

export type SignatureResult =
  | { ok: true; scheme: "hex" | "standard"; secret: CandidateSecret["label"] }
  | { ok: false; scheme: "hex" | "standard" | null; reason: SignatureFailure; message: string };

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies either scheme over the raw body bytes, trying each candidate secret in constant
 * time. Standard Webhooks wins when its headers are present.
 */
export function verifySignature(
  headers: SignatureHeaders,
  body: Buffer,
  secrets: CandidateSecret[],
  nowMs = Date.now(),
): SignatureResult {
  const standard = headers["webhook-signature"];
  if (standard !== undefined || headers["webhook-id"] !== undefined || headers["webhook-timestamp"] !== undefined) {
    return verifyStandard(headers, body, secrets, nowMs);
  }
  const hex = headers["x-webhook-signature"];
  if (hex === undefined) {
    return {
      ok: false,
      scheme: null,
      reason: "missing_signature",
      message:
        "Missing signature: send X-Webhook-Signature or the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature)",
    };
  }
  const value = hex.trim().replace(/^sha256=/i, "");
  if (!/^[0-9a-f]{64}$/i.test(value)) {
    return {
      ok: false,
      scheme: "hex",
      reason: "malformed_signature",
      message: "X-Webhook-Signature must be 64 hex characters (optionally prefixed sha256=)",
    };
  }
  const given = Buffer.from(value, "hex");
  for (const secret of secrets) {
    const expected = createHmac("sha256", hexSchemeKey(secret.value)).update(body).digest();
    if (equal(given, expected)) return { ok: true, scheme: "hex", secret: secret.label };
  }
  return { ok: false, scheme: "hex", reason: "signature_mismatch", message: "Signature does not match the request body" };
}

function verifyStandard(headers: SignatureHeaders, body: Buffer, secrets: CandidateSecret[], nowMs: number): SignatureResult {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signature = headers["webhook-signature"];
  if (!id || !timestamp || !signature) {
    const missing = [!id && "webhook-id", !timestamp && "webhook-timestamp", !signature && "webhook-signature"]
      .filter(Boolean)
      .join(", ");
    return {
      ok: false,
      scheme: "standard",
      reason: "missing_signature",
      message: `Missing Standard Webhooks header(s): ${missing}`,
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, scheme: "standard", reason: "malformed_signature", message: "webhook-timestamp must be Unix seconds" };
  }
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > STANDARD_TOLERANCE_S) {
    return {
      ok: false,
      scheme: "standard",
      reason: "stale_timestamp",
      message: `webhook-timestamp is ${Math.round(skew)} s away from the server clock (tolerance ${STANDARD_TOLERANCE_S} s)`,
    };
  }
  const given = signature
    .split(" ")
    .filter((part) => part.startsWith("v1,"))
    .map((part) => Buffer.from(part.slice(3), "base64"));
  if (given.length === 0) {
    return {
      ok: false,
      scheme: "standard",
      reason: "malformed_signature",
      message: "webhook-signature has no v1,<base64> entry",
    };
  }
  for (const secret of secrets) {
    const mac = createHmac("sha256", standardSchemeKey(secret.value));
    mac.update(`${id}.${timestamp}.`);
    mac.update(body);
    const expected = mac.digest();
    if (given.some((candidate) => equal(candidate, expected))) return { ok: true, scheme: "standard", secret: secret.label };
  }
  return { ok: false, scheme: "standard", reason: "signature_mismatch", message: "Signature does not match the request body" };
}
