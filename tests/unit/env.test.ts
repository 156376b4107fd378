import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "pb-env-"));

describe("parseEnv", () => {
  it("applies defaults and generates a development secret once, in the data folder", () => {
    const dir = dataDir();
    const env = parseEnv({ DATA_DIR: dir });
    expect(env.PORT).toBe(3000);
    expect(env.BASE_URL).toBe("http://localhost:3000");
    expect(env.MONGODB_URI).toBeUndefined();
    expect(env.APP_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, "app-secret"), "utf8").trim()).toBe(env.APP_SECRET);
    expect(parseEnv({ DATA_DIR: dir }).APP_SECRET).toBe(env.APP_SECRET);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATA_DIR: dataDir(), MONGODB_URI: "", PORT: "" }).PORT).toBe(3000);
  });

  it.each([
    [{ PORT: "-1" }, "PORT"],
    [{ PORT: "3.5" }, "PORT"],
    [{ BASE_URL: "not a url" }, "BASE_URL"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL"],
    [{ NODE_ENV: "staging" }, "NODE_ENV"],
    [{ NODE_ENV: "production" }, "APP_SECRET"],
    [{ APP_SECRET: "short" }, "APP_SECRET"],
    [{ AUTH_PASSWORD_COST: "9" }, "AUTH_PASSWORD_COST"],
    [{ AUTH_PASSWORD_COST: "18" }, "AUTH_PASSWORD_COST"],
  ])("rejects %o naming %s in a single line", (input, name) => {
    let error: unknown;
    try {
      parseEnv({ DATA_DIR: dataDir(), ...input });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect((error as Error).message).not.toContain("\n");
  });

  it("strips a trailing slash from BASE_URL", () => {
    expect(parseEnv({ DATA_DIR: dataDir(), BASE_URL: "https://pulse.example.com/" }).BASE_URL).toBe("https://pulse.example.com");
  });
});
