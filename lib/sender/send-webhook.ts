import { buildSignedRequest } from "@/lib/sender/build-signed-request";

export type SendResult = { status: number; body: Record<string, unknown>; headers: Headers };

/** Signs and posts one delivery to a Pulseboard instance; the answer is returned, not thrown. */
export async function sendWebhook(input: Parameters<typeof buildSignedRequest>[0]): Promise<SendResult> {
  const request = buildSignedRequest(input);
  const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body, headers: response.headers };
}
