import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { sampleFor } from "@/lib/webhooks/samples";
import { freePort, type RunningApp, startApp, tempDir } from "../support/app-process";
import { type Session, signUp } from "../support/http";
import { storageKind } from "../support/storage-kind";
import { openMongo, tenantSecret, tenantSocket } from "../support/webhooks";

// A server that owns its embedded database pushes a notification whose webhook-id it has never
// seen before the archive has checked the id (lib/storage/embedded/stored-causes.ts). What a
// tenant's staff must see stays the same: a platform's retry of a delivery, however long after and
// across clean and unclean restarts, is answered as a duplicate and never lights up a screen again.

const causesRead = /Notification causes: \d+ read from (the last clean stop's snapshot|the archive)/g;

describe("notifications with a webhook-id, across restarts of a server that owns its database", () => {
  it("answers every repeated id as a duplicate and pushes each notification once", async () => {
    const dataDir = tempDir("causes");
    const port = await freePort();
    const start = () => startApp({ env: { DATA_DIR: dataDir }, port });
    const snapshot = path.join(dataDir, "journal", "notification-causes.bloom");
    let app: RunningApp = await start();
    try {
      const owner: Session = await signUp(app.baseUrl);
      // The mongodb adapter (its CI pass) keeps no filter: the same answers and pushes, by its indexes alone.
      const embedded = (await storageKind(app.baseUrl)) === "embedded";
      // The database each start launched (its port changes from one start to the next).
      const uri = () => (JSON.parse(readFileSync(path.join(dataDir, "embedded-db.json"), "utf8")) as { uri: string }).uri;
      const secret = await openMongo(withDatabaseName(uri())).then((mongo) =>
        tenantSecret(mongo, owner.tenantId).finally(() => mongo.close()),
      );
      const send = (id: string, title = `Delivery ${id}`) =>
        sendWebhook({
          baseUrl: app.baseUrl,
          kind: "notifications",
          payload: sampleFor("notifications", owner.tenantId, { title }) as never,
          secret,
          scheme: "standard",
          deliveryId: id,
        });
      /** Sends each id in turn; the answers' statuses and the titles an open tab was pushed meanwhile. */
      const round = async (ids: string[]) => {
        const live = await tenantSocket(app.baseUrl, owner.cookie, owner.tenantId);
        try {
          const statuses: number[] = [];
          for (const id of ids) statuses.push((await send(id)).status);
          // A push follows its answer within milliseconds; wait a little for any that should not come.
          await new Promise((resolve) => setTimeout(resolve, 300));
          return { statuses, pushed: live.of("new-notification").map((n) => (n as { title: string }).title) };
        } finally {
          live.socket.close();
        }
      };
      /** 120 newer notifications: the repeated ids leave the bell's window (and the server's memory of it). */
      const fill = async (label: string) => {
        for (let batch = 0; batch < 15; batch++)
          await Promise.all(
            Array.from({ length: 8 }, async (_, i) =>
              expect((await send(`${label}_${batch}_${i}`, `Filler ${label}`)).status).toBe(201),
            ),
          );
      };
      /** The first id-carrying notification after a start reads the causes; what follows relies on them. */
      const warmUp = async (id: string) => {
        expect((await send(id)).status).toBe(201);
        if (embedded) await expect.poll(() => app.output().match(causesRead)?.length ?? 0, { timeout: 15_000 }).toBe(1);
      };

      await warmUp("msg_w1");
      expect(await round(["msg_a", "msg_a", "msg_b"])).toEqual({
        statuses: [201, 200, 201],
        pushed: ["Delivery msg_a", "Delivery msg_b"],
      });
      await fill("first");
      expect(await round(["msg_a", "msg_w1"])).toEqual({ statuses: [200, 200], pushed: [] });

      // A clean stop: the next start reads the causes the stop wrote down, and deletes them as it
      // opens, before it serves anything.
      expect(await app.stop("SIGTERM")).toBe(0);
      if (embedded) expect(existsSync(snapshot)).toBe(true);
      app = await start();
      expect(existsSync(snapshot)).toBe(false);
      await warmUp("msg_w2");
      if (embedded) expect(app.output()).toMatch(/read from the last clean stop's snapshot/);
      await fill("second");
      expect(await round(["msg_a", "msg_b", "msg_w1", "msg_c"])).toEqual({
        statuses: [200, 200, 200, 201],
        pushed: ["Delivery msg_c"],
      });

      // Stopped cleanly again, then started, given an order (its notification has a cause of its
      // own, no webhook-id) and killed: the snapshot was taken before that notification's insert,
      // so the next start reads the archive, which holds it.
      expect(await app.stop("SIGTERM")).toBe(0);
      if (embedded) {
        // A start on the other adapter keeps no filter: it deletes the snapshot too, since what it
        // would store is not in it.
        expect(existsSync(snapshot)).toBe(true);
        const other = await startApp({ env: { DATA_DIR: dataDir, STORAGE: "mongodb" }, port });
        expect(existsSync(snapshot)).toBe(false);
        expect(await other.stop("SIGTERM")).toBe(0);
        expect(existsSync(snapshot)).toBe(false);
      }
      app = await start();
      const order = sampleFor("orders", owner.tenantId, { orderNumber: `ORD-${Date.now()}` });
      expect((await sendWebhook({ baseUrl: app.baseUrl, kind: "orders", payload: order as never, secret })).status).toBe(201);
      await app.stop("SIGKILL");
      app = await start();
      await warmUp("msg_w3");
      if (embedded) {
        expect(app.output()).toMatch(/read from the archive/);
        expect(app.output()).not.toMatch(/snapshot/);
      }
      await fill("third");
      expect(await round(["msg_c", "msg_a", "msg_w2", "msg_d"])).toEqual({
        statuses: [200, 200, 200, 201],
        pushed: ["Delivery msg_d"],
      });

      // Stored once each.
      const mongo = await openMongo(withDatabaseName(uri()));
      try {
        const stored = await mongo
          .db()
          .collection("notifications")
          .find({ title: /^Delivery / }, { projection: { title: 1 } })
          .toArray();
        expect(stored.map((n) => n.title).sort()).toEqual(
          ["a", "b", "c", "d", "w1", "w2", "w3"].map((id) => `Delivery msg_${id}`),
        );
      } finally {
        await mongo.close();
      }
    } finally {
      await app.stop("SIGKILL");
    }
  });
});
