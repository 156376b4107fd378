import { describe, expect, inject, it } from "vitest";
import { runCli } from "../support/app-process";
import { api, signIn, uniqueEmail } from "../support/http";

const baseUrl = inject("baseUrl");
const env = { MONGODB_URI: inject("mongoUri"), APP_SECRET: "test-app-secret-0123456789abcdef0123456789" };

function randomTenantId(): string {
  return Array.from({ length: 24 }, () => Math.floor(Math.random() * 16).toString(16)).join("");
}

describe("npm run cli -- tenant …", () => {
  it("creates a tenant whose admin can sign in and see it", async () => {
    const email = uniqueEmail("cli");
    const result = await runCli(["tenant", "create", "--name", "Acme Outfitters", "--admin-email", email, "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    const created = JSON.parse(result.stdout) as {
      tenantId: string;
      webhookSecret: string;
      adminEmail: string;
      adminPassword: string;
    };
    expect(created.tenantId).toMatch(/^[0-9a-f]{24}$/);
    expect(created.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.adminEmail).toBe(email);
    expect(created.adminPassword.length).toBeGreaterThanOrEqual(12);

    const session = await signIn(baseUrl, email, created.adminPassword);
    expect(session.status).toBe(200);
    const me = (await (await api({ baseUrl, cookie: session.cookie }, "/api/me")).json()) as {
      tenant: { tenantId: string; name: string };
    };
    expect(me.tenant).toMatchObject({ tenantId: created.tenantId, name: "Acme Outfitters" });
  });

  it("honours --id and --admin-password, refuses a duplicate id, lists and rotates", async () => {
    const id = randomTenantId();
    const email = uniqueEmail("cli");
    const first = await runCli(
      [
        "tenant",
        "create",
        "--name",
        "Fixed Id",
        "--admin-email",
        email,
        "--admin-password",
        "s3cret-pass!",
        "--id",
        id,
        "--json",
      ],
      env,
    );
    expect(first.code, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout) as { tenantId: string; adminPassword?: string; webhookSecret: string };
    expect(created.tenantId).toBe(id);
    expect(created.adminPassword).toBeUndefined();
    expect((await signIn(baseUrl, email, "s3cret-pass!")).status).toBe(200);

    const duplicate = await runCli(["tenant", "create", "--name", "Again", "--admin-email", uniqueEmail(), "--id", id], env);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain(`Tenant ${id} already exists`);

    const list = await runCli(["tenant", "list", "--json"], env);
    expect((JSON.parse(list.stdout) as Array<{ tenantId: string; name: string }>).find((t) => t.tenantId === id)?.name).toBe(
      "Fixed Id",
    );

    const rotated = await runCli(["tenant", "secret", "rotate", "--tenant", id, "--json"], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    const rotation = JSON.parse(rotated.stdout) as { webhookSecret: string; previousSecretValidUntil: string };
    expect(rotation.webhookSecret).toMatch(/^whsec_/);
    expect(rotation.webhookSecret).not.toBe(created.webhookSecret);
    const graceHours = (Date.parse(rotation.previousSecretValidUntil) - Date.now()) / 3_600_000;
    expect(graceHours).toBeGreaterThan(23.9);
    expect(graceHours).toBeLessThanOrEqual(24);
  });

  it("explains bad arguments instead of crashing", async () => {
    const missing = await runCli(["tenant", "create", "--name", "No admin"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--admin-email is required");
    const badId = await runCli(["tenant", "secret", "rotate", "--tenant", "nope"], env);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain("24-character hex");
  });
});
