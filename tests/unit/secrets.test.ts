import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { generateWebhookSecret } from "@/lib/tenants/generate-webhook-secret";

const appSecret = "unit-test-app-secret-0123456789abcdef";

describe("webhook secrets", () => {
  it("are whsec_ + base64 of 32 random bytes, never repeated", () => {
    const secrets = new Set(Array.from({ length: 200 }, generateWebhookSecret));
    expect(secrets.size).toBe(200);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    }
  });
});

describe("secret box (AES-256-GCM at rest)", () => {
  it("round-trips, with a fresh IV each time", () => {
    const a = sealSecret("whsec_abc", appSecret, "tenant-1");
    const b = sealSecret("whsec_abc", appSecret, "tenant-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("whsec_abc");
    expect(openSecret(a, appSecret, "tenant-1")).toBe("whsec_abc");
  });

  it("refuses a value moved to another tenant, a different APP_SECRET, or a tampered ciphertext", () => {
    const sealed = sealSecret("whsec_abc", appSecret, "tenant-1");
    expect(() => openSecret(sealed, appSecret, "tenant-2")).toThrow();
    expect(() => openSecret(sealed, `${appSecret}x`, "tenant-1")).toThrow();
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => openSecret(parts.join("."), appSecret, "tenant-1")).toThrow();
  });
});
