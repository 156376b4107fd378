import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { MongoClient, ObjectId } from "mongodb";
import { describe, expect, inject, it } from "vitest";
import { isAlive } from "@/lib/storage/database/embedded";
import { freePort, runCli, runServerExpectingExit, startApp, startDemo, tempDir } from "../support/app-process";
import { api, signIn } from "../support/http";

describe("configuration errors stop the start with one clear line", () => {
  it.each([
    ["PORT", { PORT: "eighty" }, /^Invalid configuration: PORT must be an integer between 0 and 65535 \(got "eighty"\)$/],
    ["PORT", { PORT: "70000" }, /^Invalid configuration: PORT must be an integer between 0 and 65535/],
    [
      "MONGODB_URI",
      { MONGODB_URI: "postgres://localhost/db" },
      /^Invalid configuration: MONGODB_URI must be a mongodb:\/\/ or mongodb\+srv:\/\/ URI/,
    ],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }, /^Invalid configuration: LOG_LEVEL must be one of/],
  ])("names %s when it is invalid", async (_name, env, expected) => {
    const result = await runServerExpectingExit(env);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });

  it("requires APP_SECRET in production", async () => {
    const result = await runServerExpectingExit({ APP_SECRET: undefined, PORT: "0" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Invalid configuration: APP_SECRET is required in production/);
  });

  it("says which database it cannot reach", async () => {
    const port = await freePort();
    const result = await runServerExpectingExit({ MONGODB_URI: `mongodb://127.0.0.1:${port}/pulseboard` });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^Cannot connect to the database at mongodb://127\\.0\\.0\\.1:${port}/pulseboard`),
    );
  });
});

describe("embedded database and graceful shutdown", () => {
  it("starts its own embedded database without MONGODB_URI, and stops it with exit 0 on SIGTERM", async () => {
    const dataDir = tempDir("lifecycle");
    const app = await startApp({ env: { DATA_DIR: dataDir } });
    const state = JSON.parse(readFileSync(path.join(dataDir, "embedded-db.json"), "utf8")) as { uri: string; pid: number };
    expect(isAlive(state.pid)).toBe(true);
    expect(existsSync(path.join(dataDir, "db"))).toBe(true);

    // The CLI finds and uses the running app's database instead of starting a second one.
    const cli = await runCli(["tenant", "create", "--name", "Shared DB", "--admin-email", "shared@example.com", "--json"], {
      DATA_DIR: dataDir,
      APP_SECRET: "test-app-secret-0123456789abcdef0123456789",
    });
    expect(cli.code, cli.stderr).toBe(0);
    const { tenantId, webhookSecret } = JSON.parse(cli.stdout) as { tenantId: string; webhookSecret: string };

    // The signing secret is sealed at rest: the raw document never holds it.
    const mongo = await MongoClient.connect(`${state.uri}pulseboard`);
    const raw = await mongo
      .db()
      .collection("tenants")
      .findOne({ _id: new ObjectId(tenantId) });
    await mongo.close();
    expect(raw?.webhookSecretSealed).toMatch(/^v1\./);
    expect(JSON.stringify(raw)).not.toContain(webhookSecret.slice(6));

    const health = await fetch(`${app.baseUrl}/api/health`);
    expect(await health.json()).toMatchObject({ status: "ok", db: "up" });

    expect(await app.stop("SIGTERM")).toBe(0);
    expect(app.output()).toContain('"msg":"stopped"');
    expect(isAlive(state.pid)).toBe(false);
    expect(existsSync(path.join(dataDir, "embedded-db.json"))).toBe(false);
  });

  it("serves one server per embedded data folder: a second refuses, the CLI shares it, a killed one's place is taken", async () => {
    const dataDir = tempDir("single-node");
    const env = { DATA_DIR: dataDir, APP_SECRET: "test-app-secret-0123456789abcdef0123456789" };
    const first = await startApp({ env: { DATA_DIR: dataDir } });
    try {
      const second = await runServerExpectingExit({ DATA_DIR: dataDir, PORT: String(await freePort()) });
      expect(second.code).toBe(1);
      const lines = second.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^Another Pulseboard server \\(pid ${first.pid}\\) is already running on DATA_DIR=${dataDir}: .*MONGODB_URI`),
      );

      // The first one kept its database and keeps serving, the CLI alongside it.
      expect(await (await fetch(`${first.baseUrl}/api/health`)).json()).toMatchObject({ status: "ok", db: "up" });
      const created = await runCli(["tenant", "create", "--name", "Persistent", "--admin-email", "p@example.com", "--json"], env);
      expect(created.code, created.stderr).toBe(0);
    } finally {
      // Killed: no chance to remove its lock file or stop its database itself.
      await first.stop("SIGKILL");
    }

    const next = await startApp({ env: { DATA_DIR: dataDir } });
    try {
      const list = await runCli(["tenant", "list", "--json"], env);
      expect(list.code, list.stderr).toBe(0);
      expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((t) => t.name)).toEqual(["Persistent"]);
    } finally {
      expect(await next.stop("SIGTERM")).toBe(0);
    }
    expect(existsSync(path.join(dataDir, "server.lock"))).toBe(false);
  });

  it("the CLI refuses a DATA_DIR where no app runs instead of writing to a database of its own", async () => {
    const dataDir = path.join(tempDir("no-app"), "data");
    const result = await runCli(["tenant", "create", "--name", "Lost", "--admin-email", "lost@example.com"], {
      DATA_DIR: dataDir,
      APP_SECRET: "test-app-secret-0123456789abcdef0123456789",
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      `error: No Pulseboard database is running for DATA_DIR=${dataDir}: start the app there first, or set MONGODB_URI.`,
    ]);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe("npm run demo", () => {
  it("prints a URL and credentials that sign into the demo tenant's dashboard, and stops cleanly", async () => {
    const dataDir = tempDir("demo");
    const demo = await startDemo(dataDir);
    const output = demo.output();
    const url = /Open\s+(\S+)/.exec(output)?.[1];
    const email = /Email\s+(\S+)/.exec(output)?.[1];
    const password = /Password\s+(\S+)/.exec(output)?.[1];
    expect(url).toBe(`${demo.baseUrl}/sign-in`);
    expect(output).toMatch(/Tenant\s+Demo Store \(507f1f77bcf86cd799439011\)/);
    expect(output).toMatch(/Webhook secret\s+whsec_/);

    const session = await signIn(demo.baseUrl, email ?? "", password ?? "");
    expect(session.status).toBe(200);
    const page = await api({ baseUrl: demo.baseUrl, cookie: session.cookie }, "/dashboard");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Demo Store");

    const state = JSON.parse(readFileSync(path.join(dataDir, "embedded-db.json"), "utf8")) as { pid: number };
    expect(await demo.stop("SIGINT")).toBe(0);
    expect(isAlive(state.pid)).toBe(false);
  });
});

describe("test wiring", () => {
  it("runs against the suite's embedded database", () => {
    expect(inject("mongoUri")).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/pulseboard_it$/);
  });
});
