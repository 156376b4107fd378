import { hashPassword as betterAuthHash, verifyPassword as betterAuthVerify } from "@better-auth/utils/password";
import { describe, expect, it } from "vitest";
import { hashPassword, PASSWORD_COST } from "@/lib/auth/hash-password";
import { matchesPasswordHash } from "@/lib/auth/matches-password-hash";

// AUTH_PASSWORD_COST: every stored hash keeps working whatever the setting becomes, and at the
// default the hashes are better-auth's own, both ways.

describe("password hashes", () => {
  it("matches the password it was made from, and no other, at any allowed cost", async () => {
    for (const cost of [PASSWORD_COST.min, PASSWORD_COST.default]) {
      const hash = await hashPassword("correct horse battery", cost);
      expect(await matchesPasswordHash({ hash, password: "correct horse battery" })).toBe(true);
      expect(await matchesPasswordHash({ hash, password: "correct horse batterY" })).toBe(false);
    }
  });

  it("names a cost other than the default in the hash, so a later setting reads it at its own", async () => {
    const cheap = await hashPassword("pässwörd-ﬁ", PASSWORD_COST.min);
    expect(cheap).toMatch(/^scrypt:10:[0-9a-f]{32}:[0-9a-f]{128}$/);
    // NFKC: the ligature and its letters are one password, as better-auth normalises.
    expect(await matchesPasswordHash({ hash: cheap, password: "pässwörd-fi" })).toBe(true);
  });

  it("reads better-auth's hashes, and writes hashes better-auth reads, at the default cost", async () => {
    const theirs = await betterAuthHash("a long enough password");
    expect(await matchesPasswordHash({ hash: theirs, password: "a long enough password" })).toBe(true);
    const ours = await hashPassword("a long enough password", PASSWORD_COST.default);
    expect(ours).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect(await betterAuthVerify(ours, "a long enough password")).toBe(true);
  });

  it("refuses, without an error, hashes it cannot read or that name a cost out of range", async () => {
    const made = await hashPassword("whatever password", PASSWORD_COST.min);
    const [, , salt, key] = made.split(":");
    for (const hash of [
      "",
      "nonsense",
      `scrypt:9:${salt}:${key}`,
      `scrypt:30:${salt}:${key}`,
      `bcrypt:10:${salt}:${key}`,
      `${salt}:zz`,
    ]) {
      expect(await matchesPasswordHash({ hash, password: "whatever password" })).toBe(false);
    }
  });
});
