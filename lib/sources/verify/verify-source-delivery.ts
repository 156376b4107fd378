import type { SourceOptions, SourceType } from "@/lib/sources/schemas";
import { decodeSignature, hmac, matchingSecret } from "@/lib/sources/verify/compare";
import type { SourceRequest, SourceSecrets, Verified, VerifyFailure } from "@/lib/sources/verify/types";
import { standardSchemeKey } from "@/lib/webhooks/signatures/keys";

// SPEC §8: each platform's own signature scheme, over the raw bytes, in constant time, with every
// secret of a rotation (facts per platform: ../shared/fixtures/providers/SUMMARY.md).

type Fail = (reason: VerifyFailure, message: string) => Verified;

function verified(type: SourceType, secretIndex: number, deliveryId: string | null, topic: string | null): Verified {
  return { ok: true, type, secretIndex, deliveryId: deliveryId || null, topic: topic || null };
}

/** A signed timestamp's distance from our clock, refused beyond `toleranceS` either way. */
function checkTimestamp(value: string, nowMs: number, toleranceS: number, fail: Fail): Verified | null {
  if (!/^\d{1,12}$/.test(value)) return fail("malformed_signature", "the signature's timestamp must be Unix seconds");
  const skew = Math.abs(nowMs / 1000 - Number(value));
  if (skew > toleranceS)
    return fail(
      "stale_timestamp",
      `the signature's timestamp is ${Math.round(skew)} s away from the server clock (tolerance ${toleranceS} s)`,
    );
  return null;
}

/** `k=v` pairs of a signature header (Stripe: `t=…,v1=…`; Paddle: `ts=…;h1=…`), repeated keys kept in order. */
function pairs(value: string, separator: string): Array<[string, string]> {
  return value.split(separator).flatMap((part) => {
    const at = part.indexOf("=");
    return at > 0 ? [[part.slice(0, at).trim(), part.slice(at + 1).trim()] as [string, string]] : [];
  });
}

function bodyHmac(
  type: "shopify" | "woocommerce",
  header: string,
  request: SourceRequest,
  secrets: SourceSecrets,
  fail: Fail,
): Verified {
  const value = request.headers[header];
  if (value === undefined) return fail("missing_signature", `Missing ${header}`);
  const given = decodeSignature(value, "base64");
  if (!given) return fail("malformed_signature", `${header} must be base64`);
  const index = matchingSecret([given], secrets, (secret) => hmac("sha256", secret, [request.body]));
  if (index < 0) return fail("signature_mismatch", "Signature does not match the request body");
  return type === "shopify"
    ? verified(type, index, request.headers["x-shopify-webhook-id"] ?? null, request.headers["x-shopify-topic"] ?? null)
    : verified(type, index, null, request.headers["x-wc-webhook-topic"] ?? null);
}

// The whsec_… secret of Stripe is the key as it is (not base64-decoded, unlike Standard Webhooks).
const TIMESTAMPED = {
  stripe: { type: "stripe", header: "stripe-signature", separator: ",", timeKey: "t", signatureKey: "v1", joiner: "." },
  paddle: { type: "paddle", header: "paddle-signature", separator: ";", timeKey: "ts", signatureKey: "h1", joiner: ":" },
} as const;

/**
 * Stripe's `t=…,v1=…[,v1=…]` and Paddle's `ts=…;h1=…[;h1=…]`: a signed timestamp and one or more
 * hex HMACs of `<timestamp><joiner><body>`.
 */
function timestampedHex(
  scheme: { type: SourceType; header: string; separator: string; timeKey: string; signatureKey: string; joiner: string },
  toleranceS: number,
  secrets: SourceSecrets,
  request: SourceRequest,
  fail: Fail,
): Verified {
  const value = request.headers[scheme.header];
  if (value === undefined) return fail("missing_signature", `Missing ${scheme.header}`);
  const fields = pairs(value, scheme.separator);
  const time = fields.find(([key]) => key === scheme.timeKey)?.[1];
  const given = fields.filter(([key]) => key === scheme.signatureKey).map(([, sig]) => decodeSignature(sig, "hex"));
  const form = `${scheme.timeKey}=<timestamp>${scheme.separator}${scheme.signatureKey}=<hex>[${scheme.separator}${scheme.signatureKey}=<hex>…]`;
  if (!time || given.length === 0 || given.some((sig) => !sig))
    return fail("malformed_signature", `${scheme.header} must be ${form}`);
  const stale = checkTimestamp(time, request.nowMs, toleranceS, fail);
  if (stale) return stale;
  const index = matchingSecret(given as Buffer[], secrets, (secret) =>
    hmac("sha256", secret, [`${time}${scheme.joiner}`, request.body]),
  );
  if (index < 0) return fail("signature_mismatch", "Signature does not match the request body");
  return verified(scheme.type, index, null, null);
}

/**
 * Verifies one delivery to a source of `type`. `options` are the source's (parsed by
 * `sourceOptionsSchemas[type]`); `secrets` newest first.
 */
export function verifySourceDelivery<T extends SourceType>(
  type: T,
  options: SourceOptions<T>,
  secrets: SourceSecrets,
  request: SourceRequest,
): Verified {
  const fail: Fail = (reason, message) => ({ ok: false, type, reason, message });
  const { headers, body, nowMs } = request;
  switch (type) {
    case "shopify":
      return bodyHmac("shopify", "x-shopify-hmac-sha256", request, secrets, fail);

    case "woocommerce": {
      // WooCommerce posts `webhook_id=<id>`, form-encoded and unsigned, when a webhook is created.
      if (headers["x-wc-webhook-signature"] === undefined && /^webhook_id=\d+$/.test(body.toString("latin1").trim()))
        return { ok: false, type, reason: "ping", message: "WooCommerce's ping on webhook creation (unsigned)" };
      return bodyHmac("woocommerce", "x-wc-webhook-signature", request, secrets, fail);
    }

    case "stripe":
    case "paddle":
      return timestampedHex(
        TIMESTAMPED[type as "stripe" | "paddle"],
        (options as SourceOptions<"stripe" | "paddle">).toleranceS,
        secrets,
        request,
        fail,
      );

    case "square": {
      const value = headers["x-square-hmacsha256-signature"];
      if (value === undefined) return fail("missing_signature", "Missing x-square-hmacsha256-signature");
      const given = decodeSignature(value, "base64");
      if (!given) return fail("malformed_signature", "x-square-hmacsha256-signature must be base64");
      // Square signs the URL it was told to post to, then the body.
      const url = (options as SourceOptions<"square">).notificationUrl;
      const index = matchingSecret([given], secrets, (secret) => hmac("sha256", secret, [url, body]));
      if (index < 0) return fail("signature_mismatch", "Signature does not match the notification URL and the request body");
      return verified(type, index, null, null);
    }

    case "standard": {
      const { secretFormat, toleranceS } = options as SourceOptions<"standard">;
      const id = headers["webhook-id"];
      const timestamp = headers["webhook-timestamp"];
      const signature = headers["webhook-signature"];
      if (!id || !timestamp || !signature)
        return fail("missing_signature", "Missing webhook-id, webhook-timestamp or webhook-signature");
      const stale = checkTimestamp(timestamp, nowMs, toleranceS, fail);
      if (stale) return stale;
      // A space-separated list of `v1,<base64>` (several during a rotation); other versions are skipped.
      const given = signature
        .split(" ")
        .filter((part) => part.startsWith("v1,"))
        .map((part) => decodeSignature(part.slice(3), "base64"));
      if (given.length === 0 || given.some((sig) => !sig))
        return fail("malformed_signature", "webhook-signature has no v1,<base64> entry");
      const key = (secret: string) => (secretFormat === "raw" ? Buffer.from(secret, "utf8") : standardSchemeKey(secret));
      const index = matchingSecret(given as Buffer[], secrets, (secret) =>
        hmac("sha256", key(secret), [`${id}.${timestamp}.`, body]),
      );
      if (index >= 0) return verified(type, index, id, null);
      return fail("signature_mismatch", "Signature does not match the request body");
    }

    case "generic-hmac": {
      const o = options as SourceOptions<"generic-hmac">;
      const value = headers[o.header];
      if (value === undefined) return fail("missing_signature", `Missing ${o.header}`);
      const given = decodeSignature(value.startsWith(o.prefix) ? value.slice(o.prefix.length) : value, o.encoding);
      if (!given) return fail("malformed_signature", `${o.header} must be ${o.prefix}<${o.encoding}>`);
      const timestamp = o.timestampHeader ? headers[o.timestampHeader] : undefined;
      if (o.timestampHeader) {
        if (timestamp === undefined) return fail("missing_signature", `Missing ${o.timestampHeader}`);
        const stale = checkTimestamp(timestamp, nowMs, o.toleranceS, fail);
        if (stale) return stale;
      }
      const id = o.idHeader ? headers[o.idHeader] : undefined;
      if (o.idHeader && id === undefined) return fail("missing_signature", `Missing ${o.idHeader}`);
      // The template around the body, e.g. `{timestamp}.{body}`: the body's bytes go in as they came.
      const [before = "", after = ""] = o.template.split("{body}");
      const fill = (text: string) =>
        text
          .replaceAll("{timestamp}", timestamp ?? "")
          .replaceAll("{id}", id ?? "")
          .replaceAll("{url}", o.url ?? "");
      const index = matchingSecret([given], secrets, (secret) => hmac(o.algorithm, secret, [fill(before), body, fill(after)]));
      if (index < 0) return fail("signature_mismatch", "Signature does not match the request body");
      return verified(type, index, id ?? null, null);
    }
  }
  return fail("malformed_signature", `unknown source type ${type}`);
}
