import type { MongoClient } from "mongodb";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { defaultNotificationPreferences } from "@/lib/notifications/schemas";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { openMongo, tenantSocket } from "../support/webhooks";

// Settings → Notifications through its API: each member's own choices, per tenant, validated,
// and pushed to that member's open tabs; and the inbox's Archived and Snoozed tabs.

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

const quiet = {
  toast: { info: false, success: true, warning: true, error: true },
  sticky: { low: false, medium: false, high: true, urgent: true },
  sound: true,
};

const read = async (session: Session, tenantId = session.tenantId, query = "") => {
  const response = await api(session, `/api/notifications/preferences${query}`, { headers: { "x-tenant-id": tenantId } });
  return { status: response.status, body: (await response.json()) as { preferences?: unknown; error?: string } };
};
const save = async (session: Session, body: unknown, tenantId = session.tenantId) => {
  const response = await api(session, "/api/notifications/preferences", {
    method: "PUT",
    body: JSON.stringify(body),
    headers: { "x-tenant-id": tenantId },
  });
  return {
    status: response.status,
    body: (await response.json()) as { preferences?: unknown; error?: string; details?: unknown },
  };
};

describe("notification preferences", () => {
  it("starts from the defaults, keeps each member's own, and tells only that member's tabs", async () => {
    const owner = await signUp(baseUrl);
    const member = await signUp(baseUrl);
    await addMember(mongo, owner.tenantId, member.userId, "member");
    const ownerTab = await tenantSocket(baseUrl, owner.cookie, owner.tenantId);
    const memberTab = await tenantSocket(baseUrl, member.cookie, owner.tenantId);
    sockets.push(ownerTab, memberTab);

    expect((await read(member, owner.tenantId)).body.preferences).toEqual(defaultNotificationPreferences);
    const saved = await save(member, quiet, owner.tenantId);
    expect(saved).toMatchObject({ status: 200, body: { preferences: quiet } });
    await expect
      .poll(() => memberTab.of("notification-preferences-updated"))
      .toEqual([{ tenantId: owner.tenantId, preferences: quiet }]);
    expect(ownerTab.of("notification-preferences-updated")).toEqual([]);

    // The member's choice is theirs alone, and in this workspace only.
    expect((await read(member, owner.tenantId)).body.preferences).toEqual(quiet);
    expect((await read(owner)).body.preferences).toEqual(defaultNotificationPreferences);
    expect((await read(member)).body.preferences).toEqual(defaultNotificationPreferences);
  });

  it("refuses a partial or unknown shape with 400 and changes nothing; API keys name the member", async () => {
    const owner = await signUp(baseUrl);
    await save(owner, quiet);
    for (const bad of [{ sound: false }, { ...quiet, toast: { ...quiet.toast, info: "yes" } }, { ...quiet, extra: 1 }, []]) {
      const refused = await save(owner, bad);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ success: false, error: expect.any(String) });
    }
    expect((await read(owner)).body.preferences).toEqual(quiet);

    const created = await api(owner, "/api/api-keys", { method: "POST", body: JSON.stringify({ name: "prefs" }) });
    const { key } = (await created.json()) as { key: string };
    const withKey = (query: string) =>
      fetch(`${baseUrl}/api/notifications/preferences${query}`, { headers: { authorization: `Bearer ${key}` } });
    expect((await withKey("")).status).toBe(400);
    const named = await withKey(`?userId=${owner.userId}`);
    expect(named.status).toBe(200);
    expect(((await named.json()) as { preferences: unknown }).preferences).toEqual(quiet);
    // A tenant the caller is not in: 404, as if it did not exist.
    const stranger = await signUp(baseUrl);
    expect((await read(stranger, owner.tenantId)).status).toBe(404);
    expect((await save(stranger, quiet, owner.tenantId)).status).toBe(404);
  });
});

describe("the archive", () => {
  it("lists only what the member archived, newest first, and an unarchived one returns to the inbox", async () => {
    const owner = await signUp(baseUrl);
    const ids: string[] = [];
    for (const title of ["One", "Two", "Three"]) {
      const created = await api(owner, "/api/notifications", { method: "POST", body: JSON.stringify({ title, message: "m" }) });
      ids.push(((await created.json()) as { notification: { id: string } }).notification.id);
    }
    const list = async (query: string) => {
      const body = (await (await api(owner, `/api/notifications?${query}`)).json()) as {
        notifications: Array<{ title: string }>;
        unreadCount: number;
      };
      return { titles: body.notifications.map((n) => n.title), unreadCount: body.unreadCount };
    };
    for (const id of [ids[0], ids[2]])
      await api(owner, `/api/notifications/${id}`, { method: "PATCH", body: JSON.stringify({ isDismissed: true }) });
    expect(await list("onlyDismissed=true")).toEqual({ titles: ["Three", "One"], unreadCount: 1 });
    expect(await list("")).toEqual({ titles: ["Two"], unreadCount: 1 });
    await api(owner, `/api/notifications/${ids[0]}`, { method: "PATCH", body: JSON.stringify({ isDismissed: false }) });
    expect(await list("onlyDismissed=true")).toEqual({ titles: ["Three"], unreadCount: 2 });
    expect(await list("")).toEqual({ titles: ["Two", "One"], unreadCount: 2 });
    expect((await api(owner, "/api/notifications?onlyDismissed=maybe")).status).toBe(400);
  });

  it("snoozes a notification out of the inbox and the count until its time, then it is back unread", async () => {
    const owner = await signUp(baseUrl);
    const tab = await tenantSocket(baseUrl, owner.cookie, owner.tenantId);
    sockets.push(tab);
    const ids: string[] = [];
    for (const title of ["Early", "Late"]) {
      const created = await api(owner, "/api/notifications", { method: "POST", body: JSON.stringify({ title, message: "m" }) });
      ids.push(((await created.json()) as { notification: { id: string } }).notification.id);
    }
    const patch = (id: string, body: unknown) =>
      api(owner, `/api/notifications/${id}`, { method: "PATCH", body: JSON.stringify(body) });
    const list = async (query: string) => {
      const body = (await (await api(owner, `/api/notifications?${query}`)).json()) as {
        notifications: Array<{ title: string; isRead: boolean; snoozedUntil?: string }>;
        unreadCount: number;
      };
      return { items: body.notifications.map((n) => [n.title, n.isRead, n.snoozedUntil ?? null]), unreadCount: body.unreadCount };
    };

    // Read first: snoozing brings it back as news.
    await patch(ids[0] as string, { isRead: true });
    for (const bad of [
      { snoozedUntil: new Date(Date.now() - 1000).toISOString() },
      { snoozedUntil: new Date(Date.now() + 31 * 24 * 3600 * 1000).toISOString() },
      { snoozedUntil: "tomorrow" },
    ]) {
      const refused = await patch(ids[0] as string, bad);
      expect(refused.status).toBe(400);
    }
    // Long enough for the checks below on a loaded machine (2.5 s was not, twice in CI).
    const until = new Date(Date.now() + 8_000).toISOString();
    const snoozed = await patch(ids[0] as string, { snoozedUntil: until });
    expect(snoozed.status).toBe(200);
    expect(await snoozed.json()).toMatchObject({ notification: { snoozedUntil: until, isRead: false }, unreadCount: 1 });
    await expect
      .poll(() => tab.of("notification-updated").at(-1))
      .toMatchObject({ id: ids[0], snoozedUntil: until, unreadCount: 1 });
    expect(await list("")).toEqual({ items: [["Late", false, null]], unreadCount: 1 });
    expect(await list("onlySnoozed=true")).toEqual({ items: [["Early", false, until]], unreadCount: 1 });
    // Every list says when the first snoozed one wakes, so a tab that holds none of them knows.
    const page = (await (await api(owner, "/api/notifications?limit=1")).json()) as { nextWakeAt: string | null };
    expect(page.nextWakeAt).toBe(until);

    // Its time comes: back in the inbox, unread, counted.
    await expect.poll(async () => (await list("")).unreadCount, { timeout: 20_000 }).toBe(2);
    expect(await list("")).toEqual({
      items: [
        ["Late", false, null],
        ["Early", false, null],
      ],
      unreadCount: 2,
    });
    expect((await list("onlySnoozed=true")).items).toEqual([]);

    // Woken by hand before its time.
    await patch(ids[1] as string, { snoozedUntil: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await list("")).unreadCount).toBe(1);
    const woken = await patch(ids[1] as string, { snoozedUntil: null });
    expect(await woken.json()).toMatchObject({ unreadCount: 2 });
    expect((await list("onlySnoozed=true")).items).toEqual([]);
  });
});
