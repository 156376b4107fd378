import { randomUUID } from "node:crypto";
import type { MongoClient } from "mongodb";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { openMongo, tenantSecret, tenantSocket } from "../support/webhooks";

const baseUrl = inject("baseUrl");
let mongo: MongoClient;
const sockets: Array<{ socket: { disconnect: () => void } }> = [];

beforeAll(async () => {
  mongo = await openMongo(inject("mongoUri"));
});
afterAll(async () => {
  await mongo.close();
});
afterEach(() => {
  for (const live of sockets.splice(0)) live.socket.disconnect();
});

type Item = {
  id: string;
  title: string;
  position: string;
  isRead: boolean;
  isDismissed: boolean;
  type: string;
  priority: string;
};
type Page = { notifications: Item[]; unreadCount: number; nextCursor: string | null };

async function inbox(session: Pick<Session, "baseUrl" | "cookie">, query = "", headers: Record<string, string> = {}) {
  const response = await api(session, `/api/notifications${query}`, { headers });
  return { status: response.status, body: (await response.json()) as Page & { success: boolean; error?: string } };
}

async function create(session: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await api(session, "/api/notifications", { method: "POST", body: JSON.stringify(body), headers });
  return { status: response.status, body: (await response.json()) as { notification: Item; duplicate?: boolean } };
}

async function createMany(session: Session, count: number, label = "Note") {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1)
    ids.push((await create(session, { title: `${label} ${i}`, message: "m" })).body.notification.id);
  return ids;
}

const patch = (session: Session, id: string, body: Record<string, unknown>) =>
  api(session, `/api/notifications/${id}`, { method: "PATCH", body: JSON.stringify(body) });

/** An owner and a member of the same fresh tenant, each with their own session. */
async function team() {
  const owner = await signUp(baseUrl);
  const other = await signUp(baseUrl);
  await addMember(mongo, owner.tenantId, other.userId, "member");
  const member: Session = { ...other, tenantId: owner.tenantId };
  return { owner, member, tenant: { "x-tenant-id": owner.tenantId } };
}

describe("notifications API", () => {
  it("keeps read and dismissed state per user, with exact unread counts", async () => {
    const { owner, member, tenant } = await team();
    const [first, second] = await createMany(owner, 3);

    expect((await patch(owner, first as string, { isRead: true })).status).toBe(200);
    const dismissed = await patch(owner, second as string, { isDismissed: true });
    expect(await dismissed.json()).toMatchObject({ notification: { isDismissed: true, isRead: false }, unreadCount: 1 });

    const ownerView = await inbox(owner);
    expect(ownerView.body.unreadCount).toBe(1);
    // Dismissed items are hidden unless asked for.
    expect(ownerView.body.notifications.map((n) => n.title)).toEqual(["Note 2", "Note 0"]);
    expect(ownerView.body.notifications.find((n) => n.id === first)?.isRead).toBe(true);

    const memberView = await inbox(member, "", tenant);
    expect(memberView.body.unreadCount).toBe(3);
    expect(memberView.body.notifications.every((n) => !n.isRead && !n.isDismissed)).toBe(true);

    // Unread again, then restored: the count follows.
    await patch(owner, first as string, { isRead: false });
    const restored = await patch(owner, second as string, { isDismissed: false });
    expect((await restored.json()).unreadCount).toBe(3);
  });

  it("answers 404 for another tenant's notification on GET and PATCH, and changes nothing", async () => {
    const a = await signUp(baseUrl);
    const b = await signUp(baseUrl);
    const [id] = await createMany(a, 1);
    const foreign = await patch(b, id as string, { isRead: true });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ success: false, error: "Notification not found" });
    expect((await inbox(b, "", { "x-tenant-id": a.tenantId })).status).toBe(404);
    expect((await patch(b, "not-an-id", { isRead: true })).status).toBe(404);
    expect((await inbox(a)).body).toMatchObject({ unreadCount: 1, notifications: [{ id, isRead: false }] });
    // Tenant B's own inbox stays empty.
    expect((await inbox(b)).body).toMatchObject({ unreadCount: 0, notifications: [] });
  });

  it("marks everything read at once and reports how many changed", async () => {
    const { owner } = await team();
    const [a, b] = await createMany(owner, 5);
    await patch(owner, a as string, { isRead: true });
    await patch(owner, b as string, { isDismissed: true });
    const marked = await api(owner, "/api/notifications/mark-all-read", { method: "POST" });
    expect(await marked.json()).toMatchObject({ success: true, count: 3, unreadCount: 0 });
    const again = await api(owner, "/api/notifications/mark-all-read", { method: "POST" });
    expect(await again.json()).toMatchObject({ count: 0, unreadCount: 0 });

    await createMany(owner, 1, "Later");
    const view = await inbox(owner, "?includeRead=false");
    expect(view.body.unreadCount).toBe(1);
    expect(view.body.notifications.map((n) => n.title)).toEqual(["Later 0"]);
  });

  it("pages with a cursor: every item exactly once, newest first, while new items arrive", async () => {
    const { owner } = await team();
    const original = await createMany(owner, 23);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: Page } = await inbox(owner, `?limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.notifications.map((n) => n.id));
      cursor = page.body.nextCursor;
      pages += 1;
      // Arrivals between pages must neither shift nor repeat what follows.
      await createMany(owner, 2, `Arrival ${pages}`);
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual([...original].reverse());
    expect(new Set(seen).size).toBe(23);
  });

  it("filters by type, priority and read state, and refuses bad queries with 400", async () => {
    const { owner } = await team();
    await create(owner, { title: "Disk almost full", message: "m", type: "warning", priority: "high" });
    await create(owner, { title: "Backup done", message: "m", type: "success", priority: "low" });
    await create(owner, { title: "Card declined", message: "m", type: "error", priority: "urgent" });

    const warnings = await inbox(owner, "?type=warning,error");
    expect(warnings.body.notifications.map((n) => n.title)).toEqual(["Card declined", "Disk almost full"]);
    const urgent = await inbox(owner, "?priority=urgent");
    expect(urgent.body.notifications.map((n) => n.title)).toEqual(["Card declined"]);

    for (const query of ["?limit=0", "?limit=abc", "?type=spam", "?cursor=%24ne", "?includeRead=maybe"]) {
      const bad = await inbox(owner, query);
      expect(bad.status, query).toBe(400);
      expect(bad.body).toMatchObject({ success: false, error: "Invalid input" });
    }
  });

  it("validates creation: 400 with issues by path, 403 for members, idempotent with Idempotency-Key", async () => {
    const { owner, member, tenant } = await team();
    const invalid = await create(owner, { title: "", message: "m", actionUrl: "javascript:alert(1)" });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain("actionUrl");
    expect((await create(member, { title: "x", message: "y" }, tenant)).status).toBe(403);
    const stranger = await signUp(baseUrl);
    expect((await create(owner, { title: "x", message: "y", userId: stranger.userId })).status).toBe(400);

    const key = randomUUID();
    const first = await create(owner, { title: "Once", message: "m" }, { "idempotency-key": key });
    const second = await create(owner, { title: "Once", message: "m" }, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 200, body: { duplicate: true, notification: { id: first.body.notification.id } } });
    expect((await inbox(owner)).body.unreadCount).toBe(1);
  });

  it("shows a notification addressed to one member to that member only, live and in the inbox", async () => {
    const { owner, member, tenant } = await team();
    const ownerLive = await tenantSocket(baseUrl, owner.cookie, owner.tenantId);
    const memberLive = await tenantSocket(baseUrl, member.cookie, owner.tenantId);
    sockets.push(ownerLive, memberLive);
    const { body } = await create(owner, { title: "For you", message: "m", userId: member.userId });
    await create(owner, { title: "For everyone", message: "m" });

    await expect.poll(() => memberLive.of("new-notification").length).toBe(2);
    await expect.poll(() => ownerLive.of("new-notification").length).toBe(1);
    expect(ownerLive.of("new-notification")).toMatchObject([{ title: "For everyone" }]);

    expect((await inbox(member, "", tenant)).body).toMatchObject({
      unreadCount: 2,
      notifications: [{ title: "For everyone" }, { title: "For you" }],
    });
    expect((await inbox(owner)).body).toMatchObject({ unreadCount: 1, notifications: [{ title: "For everyone" }] });
    expect((await patch(owner, body.notification.id, { isRead: true })).status).toBe(404);
  });

  it("tells every open tab of the user about read changes, and nobody else", async () => {
    const { owner, member } = await team();
    const tab1 = await tenantSocket(baseUrl, owner.cookie, owner.tenantId);
    const tab2 = await tenantSocket(baseUrl, owner.cookie, owner.tenantId);
    const colleague = await tenantSocket(baseUrl, member.cookie, owner.tenantId);
    sockets.push(tab1, tab2, colleague);
    const [id] = await createMany(owner, 2);

    const changed = await patch(owner, id as string, { isRead: true });
    // Each saved change is the next version of the member's read state: a tab keeps the newest count.
    const { readVersion } = (await changed.json()) as { readVersion: number };
    expect(readVersion).toBeGreaterThan(0);
    for (const tab of [tab1, tab2]) {
      await expect
        .poll(() => tab.of("notification-updated"))
        .toEqual([
          { id, tenantId: owner.tenantId, isRead: true, isDismissed: false, unreadCount: 1, readVersion, nextWakeAt: null },
        ]);
    }
    const all = await api(owner, "/api/notifications/mark-all-read", { method: "POST" });
    expect(await all.json()).toMatchObject({ count: 1, unreadCount: 0, readVersion: readVersion + 1 });
    for (const tab of [tab1, tab2]) {
      await expect
        .poll(() => tab.of("notifications-marked-read"))
        .toEqual([{ tenantId: owner.tenantId, count: 1, unreadCount: 0, readVersion: readVersion + 1 }]);
    }
    expect(colleague.of("notification-updated")).toEqual([]);
    expect(colleague.of("notifications-marked-read")).toEqual([]);
  });

  it("catches up a client that missed 20 webhook notifications: all 20, in order, once each", async () => {
    const { owner } = await team();
    const secret = await tenantSecret(mongo, owner.tenantId);
    await createMany(owner, 2, "Before");
    const seen = (await inbox(owner)).body.notifications[0] as Item;

    // The client is away while 20 notifications arrive through the webhook pipeline.
    for (let i = 0; i < 20; i += 1) {
      const payload = sampleFor("notifications", owner.tenantId, { title: `Missed ${i}` });
      const sent = await sendWebhook({ baseUrl, kind: "notifications", payload: payload as never, secret });
      expect(sent.status).toBe(201);
    }

    const caughtUp: string[] = [];
    let after = `t${seen.position.slice(1)}.u0`;
    for (;;) {
      const page = await inbox(owner, `?after=${after}&limit=8`);
      caughtUp.push(...page.body.notifications.map((n) => n.title));
      if (!page.body.nextCursor) break;
      after = page.body.nextCursor;
    }
    expect(caughtUp).toEqual(Array.from({ length: 20 }, (_, i) => `Missed ${i}`));
    expect((await inbox(owner)).body.unreadCount).toBe(22);
  });
});

describe("notification history beyond the inbox window", () => {
  it("pages through 300 notifications and catches up from the oldest, every item once", async () => {
    const { owner } = await team();
    let next = 0;
    // Ten writers at once: positions must stay dense and unique under concurrent appends.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < 300) {
          const i = next++;
          const created = await create(owner, { title: `History ${i}`, message: "m" });
          expect(created.status).toBe(201);
        }
      }),
    );

    const positions: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page } = await inbox(owner, `?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      positions.push(...page.body.notifications.map((n) => Number(n.position.slice(1))));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(positions).toEqual(Array.from({ length: 300 }, (_, i) => 300 - i));

    const caughtUp = await inbox(owner, "?after=t5.u0&limit=10");
    expect(caughtUp.body.notifications.map((n) => n.position)).toEqual(Array.from({ length: 10 }, (_, i) => `t${6 + i}`));
    expect(caughtUp.body.unreadCount).toBe(300);

    // Read state applies to old (archived) items too.
    const oldest = (await inbox(owner, "?cursor=t2.u0&limit=1")).body.notifications[0] as Item;
    expect(oldest.position).toBe("t1");
    const marked = await patch(owner, oldest.id, { isRead: true });
    expect(await marked.json()).toMatchObject({ notification: { isRead: true }, unreadCount: 299 });
  });
});
