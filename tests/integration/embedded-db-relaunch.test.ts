import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { isAlive } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { sampleFor } from "@/lib/webhooks/samples";
import { startApp, tempDir } from "../support/app-process";
import { api, signUp } from "../support/http";
import { openMongo, tenantSecret } from "../support/webhooks";

// docs/reliability.md, finding 6: the embedded database (FerretDB) the server started dies under
// it — an OOM kill, a crash. The server starts it again on the same files and port, the driver
// reconnects to the same URI, and no restart of the app is needed.

type DbState = { uri: string; pid: number };
const dbState = (dataDir: string) => JSON.parse(readFileSync(path.join(dataDir, "embedded-db.json"), "utf8")) as DbState;
const healthStatus = (baseUrl: string) =>
  fetch(`${baseUrl}/api/webhooks/health`)
    .then((response) => response.status)
    .catch(() => 0);

describe("the embedded database is restarted by the app", () => {
  it("brings a killed FerretDB back on the same files and port; webhooks are accepted and readable again", async () => {
    const dataDir = tempDir("db-relaunch");
    const app = await startApp({ env: { DATA_DIR: dataDir } });
    try {
      const owner = await signUp(app.baseUrl);
      const before = dbState(dataDir);
      const mongo = await openMongo(withDatabaseName(before.uri));
      const secret = await tenantSecret(mongo, owner.tenantId).finally(() => mongo.close());
      const notify = (title: string) =>
        sendWebhook({
          baseUrl: app.baseUrl,
          kind: "notifications",
          payload: sampleFor("notifications", owner.tenantId, { title }) as never,
          secret,
        });
      expect((await notify("Before the crash")).status).toBe(201);

      process.kill(before.pid, "SIGKILL");
      const killedAt = Date.now();
      await expect.poll(() => isAlive(before.pid), { timeout: 5_000 }).toBe(false);

      await expect
        .poll(() => healthStatus(app.baseUrl), { timeout: 15_000, interval: 250 })
        .toBe(200)
        .catch((error: unknown) => {
          // What the server said while it did not recover, one short line per log entry.
          console.error(
            app
              .output()
              .split("\n")
              .slice(-80)
              .map((line) => {
                try {
                  const entry = JSON.parse(line) as { time?: number; msg?: string; err?: { message?: string } };
                  return `${(entry.time ?? 0) - killedAt} ms ${entry.msg} ${entry.err?.message?.slice(0, 160) ?? ""}`;
                } catch {
                  return line.slice(0, 240);
                }
              })
              .join("\n"),
          );
          throw error;
        });
      const recoveredMs = Date.now() - killedAt;
      const after = dbState(dataDir);
      expect(after.pid).not.toBe(before.pid);
      expect(isAlive(after.pid)).toBe(true);
      // Same port: the driver's URI (and the CLI's) still points at it.
      expect(after.uri).toBe(before.uri);
      expect(app.output()).toMatch(/Embedded database \(pid \d+\) exited unexpectedly \(signal SIGKILL\)/);
      const restarted = app.output().includes("Database monitor restarted") ? " (the driver's monitor was restarted)" : "";
      console.info(`embedded database relaunched: healthy again ${recoveredMs} ms after the kill${restarted}`);
      expect(recoveredMs).toBeLessThan(15_000);

      // Accepted, and readable with what was stored before the crash (same files).
      const sent = await notify("After the crash");
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      const id = sent.body.notificationId as string;
      const listed = await api(owner, "/api/notifications?limit=10", { headers: { "x-tenant-id": owner.tenantId } });
      expect(listed.status).toBe(200);
      const { notifications } = (await listed.json()) as { notifications: Array<{ id: string; title: string }> };
      expect(notifications.find((n) => n.id === id)?.title).toBe("After the crash");
      expect(notifications.map((n) => n.title)).toContain("Before the crash");

      // Our own shutdown stops the database for good: no relaunch while stopping.
      expect(await app.stop("SIGTERM")).toBe(0);
      expect(isAlive(after.pid)).toBe(false);
      expect(app.output().match(/Embedded database started again/g)).toHaveLength(1);
      expect(app.output()).not.toMatch(/exited unexpectedly[^\n]*\n[\s\S]*exited unexpectedly/);
    } finally {
      await app.stop("SIGKILL");
    }
  });
});
