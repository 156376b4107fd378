// The browser's side of our JSON API: a refusal becomes an Error with the server's own message
// (and its per-field details).

export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  const body = (await response.json().catch(() => ({}))) as {
    error?: string;
    details?: Array<{ path: string; message: string }>;
  };
  if (!response.ok) {
    const detail = body.details?.map((d) => `${d.path}: ${d.message}`).join("; ");
    throw new Error(
      detail ? `${body.error ?? "Request failed"} — ${detail}` : (body.error ?? `Request failed (${response.status})`),
    );
  }
  return body as T;
}

/** Every call names the tenant the page shows, so a tenant switch in another tab never changes the wrong tenant. */
export function callApi<T>(tenantId: string, path: string, init: RequestInit = {}): Promise<T> {
  return requestJson<T>(path, { ...init, headers: { "x-tenant-id": tenantId, ...init.headers } });
}
