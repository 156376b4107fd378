import { randomUUID } from "node:crypto";

// A signed-in API client for integration tests: real HTTP, real cookies.

export type Session = { baseUrl: string; cookie: string; userId: string; tenantId: string; email: string; password: string };

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A fresh user owning a fresh tenant — the fixture every test starts from. */
export async function signUp(
  baseUrl: string,
  input: { tenantName?: string; email?: string; password?: string } = {},
): Promise<Session> {
  const email = input.email ?? uniqueEmail();
  const password = input.password ?? "correct-horse-battery";
  const response = await fetch(`${baseUrl}/api/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({
      name: "Test User",
      email,
      password,
      tenantName: input.tenantName ?? `Shop ${randomUUID().slice(0, 6)}`,
    }),
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { userId: string; tenantId: string };
  return { baseUrl, cookie: cookieHeader(response), userId: body.userId, tenantId: body.tenantId, email, password };
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<{ status: number; cookie: string }> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, cookie: cookieHeader(response) };
}

export function api(session: Pick<Session, "baseUrl" | "cookie">, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (session.cookie) headers.set("cookie", session.cookie);
  headers.set("origin", session.baseUrl);
  if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
  return fetch(`${session.baseUrl}${path}`, { ...init, headers, redirect: "manual" });
}
