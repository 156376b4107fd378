import { randomUUID } from "node:crypto";
import type { WebhookKind } from "@/lib/webhooks/schemas";
import { signHex } from "@/lib/webhooks/signatures/sign-hex";
import { signStandard } from "@/lib/webhooks/signatures/sign-standard";

export type SignatureScheme = "hex" | "standard";

export type SignedRequest = { url: string; headers: Record<string, string>; body: string };

/**
 * A ready-to-send signed delivery: the exact bytes, and the headers of either scheme.
 * `scoped` posts to /api/webhooks/{tenantId}/{kind} instead of the body-tenant route.
 */
export function buildSignedRequest(input: {
  baseUrl: string;
  kind: WebhookKind;
  payload: { tenantId: string } & Record<string, unknown>;
  secret: string;
  scheme?: SignatureScheme;
  scoped?: boolean;
  deliveryId?: string;
  timestamp?: number;
}): SignedRequest {
  const body = JSON.stringify(input.payload);
  const base = input.baseUrl.replace(/\/+$/, "");
  const url = input.scoped
    ? `${base}/api/webhooks/${input.payload.tenantId}/${input.kind}`
    : `${base}/api/webhooks/${input.kind}`;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if ((input.scheme ?? "hex") === "standard") {
    const id = input.deliveryId ?? `msg_${randomUUID()}`;
    const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
    headers["webhook-id"] = id;
    headers["webhook-timestamp"] = String(timestamp);
    headers["webhook-signature"] = signStandard({ id, timestamp, body, secret: input.secret });
  } else {
    headers["x-webhook-signature"] = signHex(body, input.secret);
    if (input.deliveryId) headers["idempotency-key"] = input.deliveryId;
  }
  return { url, headers, body };
}
