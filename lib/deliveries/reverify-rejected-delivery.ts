import { type RejectedDeliveryView, toRejectedDeliveryView } from "@/lib/deliveries/list-rejected-deliveries";
import { notFound } from "@/lib/errors";
import { getStorage } from "@/lib/storage/registry";
import { loadTenantWebhookConfig } from "@/lib/webhooks/ingest/load-tenant-webhook-config";
import { type SignatureHeaders, verifySignature } from "@/lib/webhooks/signatures/verify-signature";

export type Reverification = {
  verdict:
    | "valid"
    | "stale_timestamp"
    | "body_changed"
    | "wrong_secret"
    | "missing_signature"
    | "malformed_signature"
    | "body_not_kept";
  explanation: string;
};

const secretLabel = {
  current: "the current secret",
  previous: "the previous secret (still in its grace period)",
  global: "the global WEBHOOK_SECRET",
};

/**
 * Checks a refused delivery's signature again with the tenant's secrets as they are now, and says
 * in plain words why it failed: the headers, the clock, the bytes, or the secret.
 */
export async function reverifyRejectedDelivery(
  tenantId: string,
  id: string,
): Promise<{ delivery: RejectedDeliveryView; result: Reverification }> {
  const record = await getStorage().rejectedDeliveries.find(tenantId, id);
  if (!record) throw notFound("Delivery not found");
  const delivery = toRejectedDeliveryView(record);
  return { delivery, result: await explain(tenantId, delivery) };
}

async function explain(tenantId: string, delivery: RejectedDeliveryView): Promise<Reverification> {
  const body = Buffer.from(delivery.bodyExcerpt, "utf8");
  if (delivery.bodyBytes > body.length) {
    return {
      verdict: "body_not_kept",
      explanation: `Only the first ${body.length} of ${delivery.bodyBytes} bytes were kept, so this signature cannot be checked again. Send the delivery again and look at the new entry.`,
    };
  }
  const config = await loadTenantWebhookConfig(tenantId, { fresh: true });
  if (!config) throw notFound("Delivery not found");
  const h = delivery.headers;
  const headers: SignatureHeaders = {
    "x-webhook-signature": h["x-webhook-signature"],
    "webhook-id": h["webhook-id"],
    "webhook-timestamp": h["webhook-timestamp"],
    "webhook-signature": h["webhook-signature"],
  };
  const receivedAt = Date.parse(delivery.receivedAt);
  const atReceipt = verifySignature(headers, body, config.secrets, receivedAt);
  // The signature alone, whatever its timestamp: evaluated at the moment it claims to be from.
  const signedAt = /^\d{1,12}$/.test(headers["webhook-timestamp"] ?? "")
    ? Number(headers["webhook-timestamp"]) * 1000
    : receivedAt;
  const ignoringClock = verifySignature(headers, body, config.secrets, signedAt);

  if (atReceipt.ok) {
    return {
      verdict: "valid",
      explanation: `The signature is valid with ${secretLabel[atReceipt.secret]}. The delivery was refused for another reason: ${delivery.message}.`,
    };
  }
  if (atReceipt.reason === "missing_signature" || atReceipt.reason === "malformed_signature") {
    return { verdict: atReceipt.reason, explanation: `${atReceipt.message}.` };
  }
  if (atReceipt.reason === "stale_timestamp") {
    const skewS = Math.round(Math.abs(receivedAt - signedAt) / 1000);
    const signature = ignoringClock.ok
      ? `The signature itself is valid (${secretLabel[ignoringClock.secret]})`
      : "The signature does not match either";
    return {
      verdict: "stale_timestamp",
      explanation: `webhook-timestamp was ${skewS} s away from our clock when the delivery arrived (tolerance 300 s): sign each attempt with the current time, and check the sender's clock. ${signature}.`,
    };
  }
  // A mismatch: the same JSON in another serialization is the classic "signed one string, sent another".
  for (const [label, variant] of variants(delivery.bodyExcerpt)) {
    const check = verifySignature(headers, Buffer.from(variant, "utf8"), config.secrets, signedAt);
    if (check.ok) {
      return {
        verdict: "body_changed",
        explanation: `The signature matches the same JSON ${label}, not the bytes we received: sign exactly the bytes you send (serialize once, then sign and send that string).`,
      };
    }
  }
  return {
    verdict: "wrong_secret",
    explanation:
      "The signature was made with a secret that is not this workspace's current one (nor the previous one within its grace period), or over other bytes than those received. Copy the secret again from where it was shown after the last rotation, and sign the exact bytes you send.",
  };
}

function variants(text: string): Array<[string, string]> {
  try {
    const parsed: unknown = JSON.parse(text);
    return [
      ["serialized compactly", JSON.stringify(parsed)],
      ["serialized with 2-space indentation", JSON.stringify(parsed, null, 2)],
      ["with a trailing newline", `${text}\n`],
      ["without surrounding whitespace", text.trim()],
    ].filter(([, variant]) => variant !== text) as Array<[string, string]>;
  } catch {
    return [];
  }
}
