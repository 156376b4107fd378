import { describe, expect, inject, it } from "vitest";
import { api, signIn, signUp } from "../support/http";

const baseUrl = inject("baseUrl");

describe("sign-up, sign-in and sessions", () => {
  it("signs a new owner up into their own tenant, signs out, and signs back in", async () => {
    const session = await signUp(baseUrl, { tenantName: "Harbour Coffee" });
    expect(session.cookie).toMatch(/session_token=/);

    const me = await api(session, "/api/me");
    expect(me.status).toBe(200);
    const body = (await me.json()) as { tenant: { name: string; role: string; tenantId: string } };
    expect(body.tenant).toMatchObject({ name: "Harbour Coffee", role: "owner", tenantId: session.tenantId });

    const out = await api(session, "/api/auth/sign-out", { method: "POST", body: "{}" });
    expect(out.status).toBe(200);
    expect((await api(session, "/api/me")).status).toBe(401);

    const again = await signIn(baseUrl, session.email, session.password);
    expect(again.status).toBe(200);
    const meAgain = await api({ baseUrl, cookie: again.cookie }, "/api/me");
    expect(((await meAgain.json()) as { tenant: { name: string } }).tenant.name).toBe("Harbour Coffee");
  });

  it("sets the session cookie httpOnly and SameSite=Lax", async () => {
    const session = await signUp(baseUrl);
    const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ email: session.email, password: session.password }),
    });
    const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("rejects a wrong password without creating a session", async () => {
    const session = await signUp(baseUrl);
    const attempt = await signIn(baseUrl, session.email, "not-the-password");
    expect(attempt.status).toBe(401);
    expect(attempt.cookie).not.toMatch(/session_token=[^;]+/);
  });

  it("redirects /dashboard to the sign-in page without a session, and renders the tenant's name with one", async () => {
    const anonymous = await fetch(`${baseUrl}/dashboard`, { redirect: "manual" });
    expect([302, 303, 307, 308]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toMatch(/\/sign-in/);

    const session = await signUp(baseUrl, { tenantName: "Lighthouse Books" });
    const page = await api(session, "/dashboard");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Lighthouse Books");
  });

  it("answers an API path that does not exist with a JSON 404, and an app path with the shell's not-found page", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const response = await fetch(`${baseUrl}/api/no-such-thing/here`, {
        method,
        headers: method === "GET" ? {} : { "content-type": "application/json", origin: baseUrl },
        body: method === "GET" ? undefined : "{}",
      });
      expect(response.status, method).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toMatchObject({ success: false, error: "No such API endpoint" });
    }
    const session = await signUp(baseUrl, { tenantName: "Nowhere Nets" });
    const page = await api(session, "/products/xyz");
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain("Page not found");
    // Inside the app shell: the workspace's own header is there.
    expect(html).toContain("Nowhere Nets");
  });

  it("answers bad sign-up input with a 4xx JSON error listing fields, and a taken email with 409", async () => {
    const invalid = await fetch(`${baseUrl}/api/sign-up`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "not-an-email", password: "x" }),
    });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { success: boolean; details: Array<{ path: string }> };
    expect(body.success).toBe(false);
    expect(body.details.map((d) => d.path)).toEqual(expect.arrayContaining(["email", "password", "tenantName"]));

    const notJson = await fetch(`${baseUrl}/api/sign-up`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{oops",
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).not.toMatch(/at .*\.ts:\d+/);

    const taken = await signUp(baseUrl);
    const duplicate = await fetch(`${baseUrl}/api/sign-up`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ name: "Other", email: taken.email, password: "another-password", tenantName: "Other shop" }),
    });
    expect(duplicate.status).toBe(409);
  });
});
