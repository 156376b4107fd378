import { describe, expect, inject, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { startApp, TEST_ACTIVITY_REJECTION_WINDOW_MS } from "../support/app-process";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { storedCounts, suiteMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// The activity log through the real server: what a settings change, a webhook and a refused webhook
// leave behind, read back with filters and cursors as the page does.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

type Entry = {
  id: string;
  kind: string;
  actor: { type: string; id: string | null; label: string | null };
  summary: string;
  refs: Record<string, unknown>;
  before: unknown;
  after: unknown;
  createdAt: string;
};
type Page = { success: boolean; entries: Entry[]; nextCursor: string | null };

async function page(session: Session, query: Record<string, string> = {}, tenantId = session.tenantId): Promise<Page> {
  const response = await api(session, `/api/activity?${new URLSearchParams(query)}`, { headers: { "x-tenant-id": tenantId } });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Page;
}

/** Every entry the filter matches, following the cursors to the end. */
async function everything(session: Session, query: Record<string, string> = {}): Promise<Entry[]> {
  const all: Entry[] = [];
  let cursor: string | null = null;
  do {
    const next: Page = await page(session, { ...query, ...(cursor ? { cursor } : {}) });
    all.push(...next.entries);
    cursor = next.nextCursor;
  } while (cursor);
  return all;
}

const patchSettings = (session: Session, body: unknown) =>
  api(session, "/api/webhooks/settings", { method: "PATCH", body: JSON.stringify(body) });

async function sendOrders(session: Session, count: number): Promise<string[]> {
  const secret = await tenantSecret(mongo(), session.tenantId);
  const numbers: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const payload = uniqueOrder(session.tenantId);
    const sent = await sendWebhook({ baseUrl, kind: "orders", payload, secret });
    expect(sent.status).toBe(201);
    numbers.push(String(payload.orderNumber));
  }
  // An order's entry is written just after its answer (process-delivery.ts): the log shows it within a round.
  await expect
    .poll(async () => {
      const listed = (await everything(session)).map((entry) => entry.summary).join("\n");
      return numbers.every((orderNumber) => listed.includes(orderNumber));
    })
    .toBe(true);
  return numbers;
}

describe("activity log", () => {
  it("shows a settings change with who made it and the values before and after, to every member", async () => {
    const owner = await signUp(baseUrl);
    expect((await patchSettings(owner, { webhookRetryAttempts: 7, webhookEndpoints: { payments: false } })).status).toBe(200);

    const [entry] = (await page(owner)).entries;
    expect(entry).toMatchObject({
      kind: "settings.webhooks.updated",
      actor: { type: "user", id: owner.userId, label: owner.email },
      before: { webhookRetryAttempts: 3, webhookEndpoints: { payments: true } },
      after: { webhookRetryAttempts: 7, webhookEndpoints: { payments: false } },
    });
    expect(Date.now() - Date.parse(entry?.createdAt ?? "")).toBeLessThan(60_000);

    const member = await signUp(baseUrl);
    await addMember(mongo(), owner.tenantId, member.userId, "member");
    expect((await page(member, {}, owner.tenantId)).entries.map((e) => e.id)).toEqual([entry?.id]);

    const created = await api(owner, "/api/api-keys", { method: "POST", body: JSON.stringify({ name: "audit export" }) });
    const { key } = (await created.json()) as { key: string };
    const withKey = await fetch(`${baseUrl}/api/activity?kind=settings`, { headers: { authorization: `Bearer ${key}` } });
    expect(withKey.status).toBe(200);
    expect(((await withKey.json()) as Page).entries.map((e) => e.id)).toEqual([entry?.id]);
  });

  it("never shows a secret: a rotation logs until when the old one works, not the secrets", async () => {
    const owner = await signUp(baseUrl);
    const old = await tenantSecret(mongo(), owner.tenantId);
    const rotated = await api(owner, "/api/webhooks/settings/generate-secret", { method: "POST", body: "{}" });
    const { webhookSecret } = (await rotated.json()) as { webhookSecret: string };
    const response = await api(owner, "/api/activity");
    const text = await response.text();
    expect(text).not.toContain(webhookSecret);
    expect(text).not.toContain(old);
    expect(text).not.toMatch(/whsec_/);
    expect((JSON.parse(text) as Page).entries[0]).toMatchObject({
      kind: "settings.webhooks.secret_rotated",
      after: { previousSecretValidUntil: expect.any(String) },
    });
  });

  it("filters by kind, actor and date range", async () => {
    const owner = await signUp(baseUrl);
    const numbers = await sendOrders(owner, 3);
    expect((await patchSettings(owner, { webhookTimeoutMs: 5000 })).status).toBe(200);
    await sendOrders(owner, 2);

    const all = await everything(owner);
    expect(all.map((e) => e.kind)).toEqual([
      "webhook.order.created",
      "webhook.order.created",
      "settings.webhooks.updated",
      "webhook.order.created",
      "webhook.order.created",
      "webhook.order.created",
    ]);
    // Newest first.
    const times = all.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(all.at(-1)?.summary).toContain(numbers[0]);

    const settingsOnly = await everything(owner, { kind: "settings" });
    expect(settingsOnly.map((e) => e.kind)).toEqual(["settings.webhooks.updated"]);
    expect((await everything(owner, { kind: "settings.webhooks.updated,webhook.payment" })).map((e) => e.kind)).toEqual([
      "settings.webhooks.updated",
    ]);
    // A prefix matches whole segments only.
    expect(await everything(owner, { kind: "setting" })).toEqual([]);
    expect((await everything(owner, { kind: "webhook.order" })).length).toBe(5);
    expect((await everything(owner, { actor: "platform" })).length).toBe(5);
    expect((await everything(owner, { actor: `user:${owner.userId}` })).map((e) => e.kind)).toEqual([
      "settings.webhooks.updated",
    ]);
    expect(await everything(owner, { actor: "user:someone-else" })).toEqual([]);
    expect(await everything(owner, { actor: "apiKey" })).toEqual([]);

    // A range from the 2nd oldest entry to the 2nd newest, by their own timestamps.
    const from = all[4]?.createdAt ?? "";
    const to = all[1]?.createdAt ?? "";
    const inRange = all.filter((e) => e.createdAt >= from && e.createdAt <= to).map((e) => e.id);
    expect(inRange.length).toBeGreaterThanOrEqual(4);
    expect((await everything(owner, { from, to, limit: "2" })).map((e) => e.id)).toEqual(inRange);
    expect((await everything(owner, { to: "2000-01-01" })).length).toBe(0);
    expect((await everything(owner, { from: new Date(Date.now() + 3_600_000).toISOString() })).length).toBe(0);
    // A whole UTC day, given as a date.
    const today = new Date().toISOString().slice(0, 10);
    expect((await everything(owner, { from: today, to: today })).length).toBe(6);
  });

  it("returns every entry exactly once across pages while new entries keep arriving", async () => {
    const owner = await signUp(baseUrl);
    await sendOrders(owner, 12);
    const expected = (await everything(owner)).map((e) => e.id);
    expect(expected).toHaveLength(12);

    const seen: string[] = [];
    let first = await page(owner, { limit: "5" });
    seen.push(...first.entries.map((e) => e.id));
    let cursor = first.nextCursor;
    let rounds = 0;
    while (cursor) {
      // Something new before every page: orders, and a settings change in the changes stream too.
      await sendOrders(owner, 2);
      expect((await patchSettings(owner, { webhookRetryAttempts: 4 + rounds })).status).toBe(200);
      rounds += 1;
      const next = await page(owner, { limit: "5", cursor });
      seen.push(...next.entries.map((e) => e.id));
      cursor = next.nextCursor;
    }
    expect(seen).toEqual(expected);

    // Same with a filter, whose pages walk the changes stream.
    const changes = await everything(owner, { kind: "settings", limit: "1" });
    expect(changes.length).toBe(rounds);
    expect(new Set(changes.map((e) => e.id)).size).toBe(changes.length);

    // The new entries are above the first page, on a fresh first page.
    first = await page(owner, { limit: "100" });
    expect(rounds).toBe(2);
    expect(first.entries.length).toBe(12 + 3 * rounds);
  });

  it("keeps every entry, each once, when two server processes append to one tenant at the same time", async () => {
    const second = await startApp({ env: { MONGODB_URI: inject("mongoUri") } });
    try {
      const owner = await signUp(baseUrl);
      const secret = await tenantSecret(mongo(), owner.tenantId);
      const orders = Array.from({ length: 24 }, () => uniqueOrder(owner.tenantId));
      // Both processes start from the same head, so they race for the same positions.
      const sent = await Promise.all(
        orders.map((payload, i) => sendWebhook({ baseUrl: i % 2 ? second.baseUrl : baseUrl, kind: "orders", payload, secret })),
      );
      expect(sent.map((s) => s.status)).toEqual(orders.map(() => 201));
      const changed = await Promise.all([
        patchSettings(owner, { webhookRetryAttempts: 6 }),
        patchSettings({ ...owner, baseUrl: second.baseUrl }, { webhookTimeoutMs: 4000 }),
      ]);
      expect(changed.map((r) => r.status)).toEqual([200, 200]);

      for (const reader of [owner, { ...owner, baseUrl: second.baseUrl }]) {
        const all = await everything(reader, { limit: "7" });
        expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
        const summaries = all.map((e) => e.summary).join("\n");
        for (const order of orders) expect(summaries).toContain(`Order ${String(order.orderNumber)} received`);
        expect(all).toHaveLength(26);
        expect((await everything(reader, { kind: "settings" })).length).toBe(2);
      }
    } finally {
      await second.stop();
    }
  });

  it("keeps each tenant's log to itself", async () => {
    const a = await signUp(baseUrl);
    const b = await signUp(baseUrl);
    await sendOrders(a, 3);
    expect((await patchSettings(a, { webhookRetryAttempts: 1 })).status).toBe(200);

    expect(await everything(b)).toEqual([]);
    const foreign = await api(b, "/api/activity", { headers: { "x-tenant-id": a.tenantId } });
    expect(foreign.status).toBe(404);
    // A cursor is only a position: another tenant's cursor walks the caller's own (empty) log.
    const aPage = await page(a, { limit: "1" });
    expect(aPage.nextCursor).not.toBeNull();
    expect((await page(b, { cursor: aPage.nextCursor ?? "" })).entries).toEqual([]);
    const unauthenticated = await fetch(`${baseUrl}/api/activity`);
    expect(unauthenticated.status).toBe(401);
  });

  it("answers bad filters with 400 and the parameter at fault", async () => {
    const owner = await signUp(baseUrl);
    const settingsCursor = (await page(owner, { kind: "settings" })).nextCursor;
    expect(settingsCursor).toBeNull();
    await patchSettings(owner, { webhookRetryAttempts: 2 });
    await patchSettings(owner, { webhookRetryAttempts: 4 });
    const changesCursor = (await page(owner, { kind: "settings", limit: "1" })).nextCursor ?? "";
    expect(changesCursor).not.toBe("");

    const cases: Array<[Record<string, string>, string]> = [
      [{ limit: "0" }, "limit"],
      [{ limit: "101" }, "limit"],
      [{ limit: "ten" }, "limit"],
      [{ kind: "Bad Kind!" }, "kind"],
      [{ kind: "," }, "kind"],
      [{ actor: "robot" }, "actor"],
      [{ actor: "user:" }, "actor"],
      [{ from: "yesterday" }, "from"],
      [{ to: "2026-13-45" }, "to"],
      [{ from: "2026-12-02", to: "2026-12-01" }, "from"],
      [{ cursor: "not-a-cursor" }, "cursor"],
      // A cursor of a settings-only walk does not fit an unfiltered one.
      [{ cursor: changesCursor }, "cursor"],
      [{ sort: "asc" }, "(root)"],
    ];
    for (const [query, path] of cases) {
      const response = await api(owner, `/api/activity?${new URLSearchParams(query)}`);
      expect(response.status, JSON.stringify(query)).toBe(400);
      const body = (await response.json()) as { success: boolean; error: string; details: Array<{ path: string }> };
      expect(body.success).toBe(false);
      expect(body.details.map((d) => d.path).join(" "), JSON.stringify(query)).toContain(path);
    }
  });

  it("logs refused webhooks, folding a burst of one reason into a single 'N more' entry", async () => {
    const owner = await signUp(baseUrl);
    const send = () =>
      sendWebhook({ baseUrl, kind: "orders", payload: uniqueOrder(owner.tenantId), secret: "whsec_d3JvbmcgZm9yIHN1cmU=" });
    // A burst, all at once: it must not become a burst of writes.
    const sentAt = Date.now();
    const burst = await Promise.all(Array.from({ length: 40 }, () => send()));
    const windowsTaken = Math.ceil((Date.now() - sentAt) / TEST_ACTIVITY_REJECTION_WINDOW_MS);
    expect(burst.map((r) => r.status)).toEqual(burst.map(() => 401));

    const rejectedEntries = () => everything(owner, { kind: "webhook.rejected" });
    const total = (entries: Entry[]) => entries.reduce((sum, e) => sum + Number(e.refs.count), 0);
    // The first at once; the rest of the window as one entry when it closes.
    await expect.poll(async () => total(await rejectedEntries()), { timeout: TEST_ACTIVITY_REJECTION_WINDOW_MS * 5 }).toBe(40);
    const entries = await rejectedEntries();
    expect(entries.at(-1)).toMatchObject({
      actor: { type: "platform" },
      refs: { reason: "signature_mismatch", status: 401, endpoint: "orders", count: 1 },
    });
    // The first, then one per window the burst touched (two or three on a quiet machine): never one per request.
    expect(entries.length).toBeLessThanOrEqual(2 + windowsTaken);
    expect(entries[0]?.summary).toMatch(/^\d+ more webhooks? refused for signature_mismatch/);
    // Besides them, the one alert a burst of refusals opens (docs/alerts.md).
    const alerts = await everything(owner, { kind: "alert" });
    expect(alerts.map((e) => e.kind)).toEqual(["alert.opened"]);
    expect(await storedCounts(mongo(), owner.tenantId)).toMatchObject({ rejected: 40, activity: entries.length + 1 });
  });
});
