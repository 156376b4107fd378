import { buildSignedRequest, type SignatureScheme } from "@/lib/sender/build-signed-request";
import type { WebhookKind } from "@/lib/webhooks/schemas";

export type SendResult = { status: number; body: Record<string, unknown>; headers: Headers };

/** Signs and posts one delivery to a Pulseboard instance; the answer is returned, not thrown. */
export async function sendWebhook(input: {
  baseUrl: string;
  kind: WebhookKind;
  payload: { tenantId: string } & Record<string, unknown>;
  secret: string;
  scheme?: SignatureScheme;
  scoped?: boolean;
  deliveryId?: string;
}): Promise<SendResult> {
  const request = buildSignedRequest(input);
  const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body, headers: response.headers };
}
