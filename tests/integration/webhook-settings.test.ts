import { ObjectId } from "mongodb";
import { describe, expect, inject, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { logDb, suiteMongo, tenantSecret, tenantSocket, uniqueOrder } from "../support/webhooks";

// SPEC §5 through the real server: what an admin changes applies to the very next webhook, is in
// the activity log with before/after, and a member can read but not change.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

type SettingsBody = {
  success: boolean;
  canEdit: boolean;
  settings: {
    webhookEnabled: boolean;
    webhookEndpoints: { orders: boolean; notifications: boolean; payments: boolean };
    webhookRetryAttempts: number;
    webhookTimeoutMs: number;
    secret: { rotatedAt: string | null; previousValidUntil: string | null };
    urls: Record<string, string>;
  };
};

async function settingsOf(session: Session, tenantId = session.tenantId): Promise<SettingsBody> {
  const response = await api(session, "/api/webhooks/settings", { headers: { "x-tenant-id": tenantId } });
  expect(response.status).toBe(200);
  return (await response.json()) as SettingsBody;
}

const patch = (session: Session, body: unknown, headers: Record<string, string> = {}) =>
  api(session, "/api/webhooks/settings", { method: "PATCH", body: JSON.stringify(body), headers });

async function activity(tenantId: string, kind: string) {
  return logDb(mongo())
    .collection("activity_logs")
    .find({ tenantId: new ObjectId(tenantId), kind })
    .toArray();
}

describe("webhook settings", () => {
  it("shows an owner the defaults and the tenant's URLs, never a secret", async () => {
    const owner = await signUp(baseUrl);
    const response = await api(owner, "/api/webhooks/settings");
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toMatch(/whsec_|Sealed/);
    const body = JSON.parse(text) as SettingsBody;
    expect(body).toMatchObject({
      success: true,
      canEdit: true,
      settings: {
        webhookEnabled: true,
        webhookEndpoints: { orders: true, notifications: true, payments: true },
        webhookRetryAttempts: 3,
        webhookTimeoutMs: 10_000,
        secret: { previousValidUntil: null },
      },
    });
    const ordersUrl = new URL(body.settings.urls.orders ?? "");
    expect(ordersUrl.pathname).toBe(`/api/webhooks/${owner.tenantId}/orders`);
  });

  it("applies a change to the very next webhook and logs who changed what, before and after", async () => {
    const owner = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);
    // The server has the tenant's settings in its cache before the change.
    expect((await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret })).status).toBe(201);

    const changed = await patch(owner, { webhookEndpoints: { orders: false }, webhookRetryAttempts: 5 });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as SettingsBody).settings).toMatchObject({
      webhookEndpoints: { orders: false, notifications: true, payments: true },
      webhookRetryAttempts: 5,
    });
    expect(await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret })).toMatchObject({
      status: 403,
      body: { reason: "endpoint_disabled" },
    });
    expect(
      (await sendWebhook({ baseUrl, kind: "notifications", payload: sampleFor("notifications", owner.tenantId), secret })).status,
    ).toBe(201);

    const [entry] = await activity(owner.tenantId, "settings.webhooks.updated");
    expect(entry).toMatchObject({
      actor: { type: "user", id: owner.userId, label: owner.email },
      before: { webhookEndpoints: { orders: true }, webhookRetryAttempts: 3 },
      after: { webhookEndpoints: { orders: false }, webhookRetryAttempts: 5 },
    });

    expect((await patch(owner, { webhookEndpoints: { orders: true } })).status).toBe(200);
    expect((await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret })).status).toBe(201);
    // A PATCH that changes nothing is not an event.
    expect((await patch(owner, { webhookEnabled: true })).status).toBe(200);
    expect(await activity(owner.tenantId, "settings.webhooks.updated")).toHaveLength(2);
  });

  it("refuses bad input with 400 by path (or 415) and changes nothing", async () => {
    const owner = await signUp(baseUrl);
    const before = await settingsOf(owner);
    const cases: Array<[unknown, string]> = [
      [{ webhookRetryAttempts: 11 }, "webhookRetryAttempts"],
      [{ webhookTimeoutMs: 999 }, "webhookTimeoutMs"],
      [{ webhookTimeoutMs: 1500.5 }, "webhookTimeoutMs"],
      [{ webhookEnabled: "yes" }, "webhookEnabled"],
      [{ webhookEndpoints: { orders: false, refunds: true } }, "webhookEndpoints"],
      [{ requireSignature: false }, "(root)"],
      [{}, "(root)"],
      [[], "(root)"],
    ];
    for (const [body, path] of cases) {
      const response = await patch(owner, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await response.json()) as { success: boolean; details: Array<{ path: string }> };
      expect(error.success).toBe(false);
      expect(error.details.map((d) => d.path).join(" ")).toContain(path);
    }
    const notJson = await api(owner, "/api/webhooks/settings", {
      method: "PATCH",
      body: "webhookEnabled=false",
      headers: { "content-type": "text/plain" },
    });
    expect(notJson.status).toBe(415);
    expect(await settingsOf(owner)).toEqual(before);
    expect(await activity(owner.tenantId, "settings.webhooks.updated")).toHaveLength(0);
  });

  it("lets a member read the settings but not change them (403), and hides other tenants (404)", async () => {
    const owner = await signUp(baseUrl);
    const member = await signUp(baseUrl);
    await addMember(mongo(), owner.tenantId, member.userId, "member");
    const asMember = { "x-tenant-id": owner.tenantId };

    expect((await settingsOf(member, owner.tenantId)).canEdit).toBe(false);
    expect((await patch(member, { webhookEnabled: false }, asMember)).status).toBe(403);
    const rotate = await api(member, "/api/webhooks/settings/generate-secret", { method: "POST", headers: asMember });
    expect(rotate.status).toBe(403);
    expect((await settingsOf(owner)).settings.webhookEnabled).toBe(true);

    const stranger = await signUp(baseUrl);
    const foreign = await api(stranger, "/api/webhooks/settings", { headers: { "x-tenant-id": owner.tenantId } });
    expect(foreign.status).toBe(404);
    expect((await patch(stranger, { webhookEnabled: false }, { "x-tenant-id": owner.tenantId })).status).toBe(404);
  });

  it("reveals the current secret to an owner or admin who gives their password again, and logs who did", async () => {
    const owner = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);
    const reveal = (as: Session, body: unknown, tenantId = owner.tenantId) =>
      api(as, "/api/webhooks/settings/reveal-secret", {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "x-tenant-id": tenantId },
      });

    const wrong = await reveal(owner, { password: "not-my-password" });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain(secret);
    expect(await activity(owner.tenantId, "settings.webhooks.secret_revealed")).toHaveLength(0);
    expect((await reveal(owner, {})).status).toBe(400);
    expect((await reveal(owner, { password: owner.password, extra: 1 })).status).toBe(400);

    const right = await reveal(owner, { password: owner.password });
    expect(right.status).toBe(200);
    expect(right.headers.get("cache-control")).toBe("no-store");
    expect(await right.json()).toEqual({ success: true, webhookSecret: secret });
    const [entry] = await activity(owner.tenantId, "settings.webhooks.secret_revealed");
    expect(entry).toMatchObject({ actor: { type: "user", id: owner.userId } });
    expect(JSON.stringify(entry)).not.toContain(secret);

    // A member, even with their own right password, may not; another tenant's owner sees nothing.
    const member = await signUp(baseUrl);
    await addMember(mongo(), owner.tenantId, member.userId, "member");
    expect((await reveal(member, { password: member.password })).status).toBe(403);
    const stranger = await signUp(baseUrl);
    expect((await reveal(stranger, { password: stranger.password })).status).toBe(404);
  });

  it("rotates the secret: shown once, the old one verifies for the grace period only, and the log holds no secret", async () => {
    const owner = await signUp(baseUrl);
    const old = await tenantSecret(mongo(), owner.tenantId);
    const rotate = (body: unknown) =>
      api(owner, "/api/webhooks/settings/generate-secret", { method: "POST", body: JSON.stringify(body) });

    const first = await rotate({});
    expect(first.status).toBe(201);
    const { webhookSecret, previousSecretValidUntil } = (await first.json()) as {
      webhookSecret: string;
      previousSecretValidUntil: string;
    };
    expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Date.parse(previousSecretValidUntil)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect((await settingsOf(owner)).settings.secret.previousValidUntil).toBe(previousSecretValidUntil);
    expect((await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret: old })).status).toBe(201);
    expect(
      (
        await sendWebhook({
          baseUrl,
          kind: "orders",
          payload: uniqueOrder(owner.tenantId),
          secret: webhookSecret,
          scheme: "standard",
        })
      ).status,
    ).toBe(201);

    // No grace: the secret just replaced stops at once, the new one works.
    const second = await rotate({ graceHours: 0 });
    expect(second.status).toBe(201);
    const newest = ((await second.json()) as { webhookSecret: string }).webhookSecret;
    expect(
      await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret: webhookSecret }),
    ).toMatchObject({
      status: 401,
    });
    expect((await sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret: newest })).status).toBe(
      201,
    );

    expect((await rotate({ graceHours: -1 })).status).toBe(400);
    const entries = await activity(owner.tenantId, "settings.webhooks.secret_rotated");
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor: { type: "user", id: owner.userId } });
    const logged = JSON.stringify(entries);
    for (const secret of [old, webhookSecret, newest]) expect(logged).not.toContain(secret);
  });

  it("sends a test webhook through the real pipeline and reports every step, or where it stopped", async () => {
    const owner = await signUp(baseUrl);
    const live = await tenantSocket(baseUrl, owner.cookie, owner.tenantId);
    const runTest = async () => {
      const response = await api(owner, "/api/webhooks/settings/test", { method: "POST" });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        success: boolean;
        status: number;
        response: { notificationId?: string };
        steps: Array<{ step: string; ok: boolean; atMs: number | null; detail?: string }>;
      };
    };
    try {
      const report = await runTest();
      expect(report).toMatchObject({ success: true, status: 201 });
      expect(report.steps.map((s) => [s.step, s.ok])).toEqual([
        ["signed", true],
        ["verified", true],
        ["notified", true],
        ["pushed", true],
        ["stored", true],
      ]);
      // Listed in the order they happened (their times used to run backwards at "Notified").
      const times = report.steps.map((s) => s.atMs ?? -1);
      expect(times[0]).toBeGreaterThanOrEqual(0);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(report.steps.find((s) => s.step === "pushed")?.detail).toMatch(/^1 open connection/);
      // The staff watching the tenant saw it, and the inbox has it.
      await expect.poll(() => live.of("new-notification").length).toBe(1);
      expect(live.of("new-notification")[0]).toMatchObject({ id: report.response.notificationId, title: "Test webhook" });

      expect((await patch(owner, { webhookEndpoints: { notifications: false } })).status).toBe(200);
      const refused = await runTest();
      expect(refused).toMatchObject({ success: false, status: 403 });
      expect(refused.steps.map((s) => [s.step, s.ok])).toEqual([
        ["signed", true],
        ["verified", false],
        ["notified", false],
        ["pushed", false],
        ["stored", false],
      ]);
      expect(refused.steps[1]?.detail).toMatch(/endpoint_disabled/);
      expect(live.of("new-notification")).toHaveLength(1);
    } finally {
      live.socket.disconnect();
    }

    const member = await signUp(baseUrl);
    await addMember(mongo(), owner.tenantId, member.userId, "member");
    const asMember = await api(member, "/api/webhooks/settings/test", {
      method: "POST",
      headers: { "x-tenant-id": owner.tenantId },
    });
    expect(asMember.status).toBe(403);
  });
});
