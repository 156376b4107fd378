import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

// Outbound settings: its own Redis URL with a fallback, and bad values named at start.

const base = () => ({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "pb-outbound-env-")) });

describe("outbound configuration", () => {
  it("uses OUTBOUND_REDIS_URL, else REDIS_URL, else the local default; private receivers stay refused by default", () => {
    expect(parseEnv(base())).toMatchObject({
      OUTBOUND_REDIS_URL: "redis://127.0.0.1:6379",
      OUTBOUND_ALLOW_PRIVATE: false,
    });
    expect(parseEnv(base()).REDIS_PREFIX).toMatch(/^pb:pulseboard:[0-9a-f]{8}$/);
    expect(parseEnv({ ...base(), REDIS_URL: "redis://cache:6379" }).OUTBOUND_REDIS_URL).toBe("redis://cache:6379");
    expect(
      parseEnv({ ...base(), REDIS_URL: "redis://cache:6379", OUTBOUND_REDIS_URL: "rediss://queue:6380" }).OUTBOUND_REDIS_URL,
    ).toBe("rediss://queue:6380");
    expect(parseEnv({ ...base(), OUTBOUND_ALLOW_PRIVATE: "true" }).OUTBOUND_ALLOW_PRIVATE).toBe(true);
  });

  it.each([
    [{ OUTBOUND_REDIS_URL: "queue:6379" }, "OUTBOUND_REDIS_URL"],
    [{ OUTBOUND_ALLOW_PRIVATE: "yes" }, "OUTBOUND_ALLOW_PRIVATE"],
    [{ REDIS_PREFIX: "a b" }, "REDIS_PREFIX"],
    [{ OUTBOUND_RETRY_BASE_MS: "1" }, "OUTBOUND_RETRY_BASE_MS"],
    [{ OUTBOUND_FAILURE_THRESHOLD: "0" }, "OUTBOUND_FAILURE_THRESHOLD"],
  ])("refuses %o, naming the variable", (input, name) => {
    expect(() => parseEnv({ ...base(), ...input })).toThrow(ConfigError);
    expect(() => parseEnv({ ...base(), ...input })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });
});
