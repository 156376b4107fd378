import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-process";
import { api, signUp, uniqueEmail } from "../support/http";

// Brute-force budgets per client address (issue 19): the address is the socket's unless
// TRUST_PROXY says how many proxies stand in front, so a client-supplied X-Forwarded-For buys
// nothing. Each server here has a budget of 5 a minute.

const LIMIT = 5;
let direct: RunningApp;
let proxied: RunningApp;

beforeAll(async () => {
  const env = { MONGODB_URI: inject("mongoUri"), AUTH_RATE_LIMIT_PER_MIN: String(LIMIT) };
  [direct, proxied] = await Promise.all([startApp({ env }), startApp({ env: { ...env, TRUST_PROXY: "1" } })]);
});
afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop()]);
});

const spoofed = (i: number) => ({ "x-forwarded-for": `203.0.113.${i}`, "x-pulseboard-client-address": `198.51.100.${i}` });

async function statuses(count: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await send(i)).status);
  return out;
}

describe("without a trusted proxy, spoofed forwarding headers change nothing", () => {
  it("answers 429 to the 6th wrong password even when each names another X-Forwarded-For", async () => {
    const owner = await signUp(direct.baseUrl);
    const codes = await statuses(15, (i) =>
      fetch(`${direct.baseUrl}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", ...spoofed(i) },
        body: JSON.stringify({ email: owner.email, password: `wrong-${i}-password` }),
      }),
    );
    expect(codes.filter((code) => code === 401).length).toBeLessThanOrEqual(LIMIT);
    expect(codes.slice(LIMIT)).toEqual(Array(15 - LIMIT).fill(429));
  });

  it("rate limits sign-up: the 6th account in a minute is refused with Retry-After and not created", async () => {
    const emails = Array.from({ length: 7 }, () => uniqueEmail("flood"));
    const responses: Response[] = [];
    for (const [i, email] of emails.entries()) {
      responses.push(
        await fetch(`${direct.baseUrl}/api/sign-up`, {
          method: "POST",
          headers: { "content-type": "application/json", ...spoofed(i) },
          body: JSON.stringify({ name: "Flood", email, password: "correct-horse-battery", tenantName: `Flood ${i}` }),
        }),
      );
    }
    // The first sign-up of this file came from the test above's fixture, so at most LIMIT - 1 here pass.
    const refused = responses.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(7 - (LIMIT - 1));
    expect(Number(refused[0]?.headers.get("retry-after"))).toBeGreaterThan(0);
    const last = emails.at(-1) ?? "";
    const signIn = await fetch(`${direct.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: last, password: "correct-horse-battery" }),
    });
    expect(signIn.status).not.toBe(200);
  });
});

describe("account actions have budgets too", () => {
  it("limits API-key creation, invitation acceptance and password changes per address", async () => {
    const admin = await signUp(proxied.baseUrl, {});
    const as = (address: string) => ({ "x-forwarded-for": address });

    const keys = await statuses(LIMIT + 2, () =>
      api(admin, "/api/api-keys", { method: "POST", headers: as("192.0.2.10"), body: JSON.stringify({ name: "k" }) }),
    );
    expect(keys.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(201));
    expect(keys.slice(LIMIT)).toEqual([429, 429]);

    const accepts = await statuses(LIMIT + 2, () =>
      api({ baseUrl: proxied.baseUrl, cookie: "" }, "/api/invitations/0123456789abcdef01234567/accept", {
        method: "POST",
        headers: as("192.0.2.11"),
        body: JSON.stringify({ token: "x".repeat(43) }),
      }),
    );
    expect(accepts.slice(0, LIMIT)).not.toContain(429);
    expect(accepts.slice(LIMIT)).toEqual([429, 429]);

    const changes = await statuses(LIMIT + 2, (i) =>
      api(admin, "/api/auth/change-password", {
        method: "POST",
        headers: as("192.0.2.12"),
        body: JSON.stringify({ currentPassword: `wrong-${i}-password`, newPassword: "another-horse-battery" }),
      }),
    );
    expect(changes.slice(0, LIMIT)).not.toContain(429);
    expect(changes.slice(LIMIT)).toEqual([429, 429]);
  });

  it("behind one trusted proxy, budgets follow the address the proxy saw, not what the client prepends", async () => {
    const owner = await signUp(proxied.baseUrl);
    const attempt = (forwarded: string, i: number) =>
      fetch(`${proxied.baseUrl}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwarded },
        body: JSON.stringify({ email: owner.email, password: `wrong-${i}-password` }),
      });
    const spoofing = await statuses(LIMIT + 3, (i) => attempt(`10.9.8.${i}, 192.0.2.20`, i));
    expect(spoofing.slice(LIMIT)).toEqual([429, 429, 429]);
    expect((await attempt("192.0.2.21", 99)).status).toBe(401);
  });
});
