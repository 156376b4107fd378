import type { SourceOptions, SourceType } from "@/lib/sources/schemas";
import { hmac } from "@/lib/sources/verify/compare";
import { standardSchemeKey } from "@/lib/webhooks/signatures/keys";

/**
 * The signature headers the platform would send with `body` (the inverse of
 * verify-source-delivery.ts): the Sources page's "send sample", the CLI and the tests sign with it.
 * `headers` are the delivery's other headers (a generic source may sign its id or timestamp).
 */
export function signSourceDelivery<T extends SourceType>(
  type: T,
  options: SourceOptions<T>,
  secret: string,
  body: string,
  headers: Record<string, string> = {},
  nowMs = Date.now(),
): Record<string, string> {
  const ts = String(Math.floor(nowMs / 1000));
  switch (type) {
    case "shopify":
      return { "x-shopify-hmac-sha256": hmac("sha256", secret, [body]).toString("base64") };
    case "woocommerce":
      return { "x-wc-webhook-signature": hmac("sha256", secret, [body]).toString("base64") };
    case "stripe":
      return { "stripe-signature": `t=${ts},v1=${hmac("sha256", secret, [`${ts}.`, body]).toString("hex")}` };
    case "paddle":
      return { "paddle-signature": `ts=${ts};h1=${hmac("sha256", secret, [`${ts}:`, body]).toString("hex")}` };
    case "square": {
      const url = (options as SourceOptions<"square">).notificationUrl;
      return { "x-square-hmacsha256-signature": hmac("sha256", secret, [url, body]).toString("base64") };
    }
    case "standard": {
      const o = options as SourceOptions<"standard">;
      const id = headers["webhook-id"] ?? `msg_${ts}`;
      const key = o.secretFormat === "raw" ? Buffer.from(secret, "utf8") : standardSchemeKey(secret);
      return {
        "webhook-id": id,
        "webhook-timestamp": ts,
        "webhook-signature": `v1,${hmac("sha256", key, [`${id}.${ts}.`, body]).toString("base64")}`,
      };
    }
    default: {
      const o = options as SourceOptions<"generic-hmac">;
      const out: Record<string, string> = {};
      if (o.timestampHeader) out[o.timestampHeader] = headers[o.timestampHeader] ?? ts;
      if (o.idHeader) out[o.idHeader] = headers[o.idHeader] ?? `id_${ts}`;
      const fill = (text: string) =>
        text
          .replaceAll("{timestamp}", o.timestampHeader ? (out[o.timestampHeader] ?? "") : "")
          .replaceAll("{id}", o.idHeader ? (out[o.idHeader] ?? "") : "")
          .replaceAll("{url}", o.url ?? "");
      const [before = "", after = ""] = o.template.split("{body}");
      out[o.header] = `${o.prefix}${hmac(o.algorithm, secret, [fill(before), body, fill(after)]).toString(o.encoding)}`;
      return out;
    }
  }
}
