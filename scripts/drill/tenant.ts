import { api, type Session, signUp } from "../../tests/support/http";

// A fresh tenant through the public API: sign-up (the owner's session), then a new signing secret
// (POST /api/webhooks/settings/generate-secret, the only answer that shows it), as an admin would.

export type DrillTenant = { session: Session; secret: string };

export async function createDrillTenant(baseUrl: string): Promise<DrillTenant> {
  const session = await signUp(baseUrl, { tenantName: "Drill shop" });
  const response = await api(session, "/api/webhooks/settings/generate-secret", {
    method: "POST",
    body: JSON.stringify({ graceHours: 0 }),
  });
  const body = (await response.json()) as { webhookSecret?: string };
  if (response.status !== 201 || !body.webhookSecret) {
    throw new Error(`generate-secret answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return { session, secret: body.webhookSecret };
}

/**
 * A JSON GET as the tenant's owner. Network errors, 5xx and 429 are retried (the server may be busy
 * on a loaded machine); any other status is returned as is, for the caller to judge.
 */
export async function readApi<T>(session: Session, path: string, attempts = 8): Promise<{ status: number; body: T }> {
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await api(session, path, { signal: AbortSignal.timeout(30_000) });
      const text = await response.text();
      if (response.status < 500 && response.status !== 429) return { status: response.status, body: JSON.parse(text) as T };
      last = new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
  throw last;
}

/** readApi, and anything but 200 is an error. */
export async function getJson<T>(session: Session, path: string): Promise<T> {
  const { status, body } = await readApi<T>(session, path);
  if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}
