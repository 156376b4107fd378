import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, inject, it } from "vitest";
import { api, signUp } from "../support/http";
import { dropTransport, notifyByWebhook, removeFromTenant, team } from "../support/realtime";
import { suiteMongo, tenantSocket } from "../support/webhooks";

const baseUrl = inject("baseUrl");
const open: Socket[] = [];
const mongo = suiteMongo();
afterEach(() => {
  for (const socket of open.splice(0)) socket.disconnect();
});

const titles = (payloads: unknown[]) => payloads.map((p) => (p as { title: string }).title);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(options: {
  cookie?: string;
  token?: string;
  query?: Record<string, string>;
}): Promise<{ socket: Socket; error?: Error }> {
  const socket = io(baseUrl, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: options.cookie ? { cookie: options.cookie } : undefined,
    auth: options.token ? { token: options.token } : {},
    query: options.query,
  });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

function sessionToken(cookie: string): string {
  const match = /session_token=([^;]+)/.exec(cookie);
  if (!match?.[1]) throw new Error("no session token in cookie");
  return decodeURIComponent(match[1]);
}

describe("Socket.IO handshake", () => {
  it("refuses a client without a session before it connects", async () => {
    const { socket, error } = await connect({});
    expect(error?.message).toBe("unauthorized");
    expect(socket.connected).toBe(false);
  });

  it("ignores a session token passed in the query string", async () => {
    const session = await signUp(baseUrl);
    const { error } = await connect({ query: { token: sessionToken(session.cookie) } });
    expect(error?.message).toBe("unauthorized");
  });

  it("accepts the session cookie, and a session token in `auth`", async () => {
    const session = await signUp(baseUrl);
    const byCookie = await connect({ cookie: session.cookie });
    expect(byCookie.error).toBeUndefined();
    expect(byCookie.socket.connected).toBe(true);

    const byToken = await connect({ token: sessionToken(session.cookie) });
    expect(byToken.error).toBeUndefined();
    expect(byToken.socket.connected).toBe(true);
  });

  it("lets a user join their own tenant's room and refuses another tenant's", async () => {
    const a = await signUp(baseUrl);
    const b = await signUp(baseUrl);
    const { socket } = await connect({ cookie: a.cookie });
    const own = await socket.timeout(5_000).emitWithAck("join-tenant", a.tenantId);
    expect(own).toEqual({ ok: true, tenantId: a.tenantId });
    const foreign = await socket.timeout(5_000).emitWithAck("join-tenant", b.tenantId);
    expect(foreign).toEqual({ ok: false, error: "Tenant not found" });
    const garbage = await socket.timeout(5_000).emitWithAck("join-tenant", { $ne: null });
    expect(garbage).toEqual({ ok: false, error: "Tenant not found" });
  });
});

describe("live notifications", () => {
  it("replays what a briefly dropped tab missed, each once, on the same session", async () => {
    const owner = await signUp(baseUrl);
    const live = await tenantSocket(baseUrl, owner.cookie, owner.tenantId, { reconnectAfterMs: 3_000 });
    open.push(live.socket);
    await notifyByWebhook(mongo(), baseUrl, owner.tenantId, "Before the drop");
    await expect.poll(() => titles(live.of("new-notification"))).toEqual(["Before the drop"]);

    const { reconnected } = await dropTransport(live.socket);
    for (const title of ["Missed 1", "Missed 2", "Missed 3"]) await notifyByWebhook(mongo(), baseUrl, owner.tenantId, title);
    expect(await reconnected).toBe(true);
    await expect.poll(() => titles(live.of("new-notification"))).toEqual(["Before the drop", "Missed 1", "Missed 2", "Missed 3"]);

    // Still in the tenant's room after the recovery, without joining again.
    await notifyByWebhook(mongo(), baseUrl, owner.tenantId, "After");
    await expect.poll(() => titles(live.of("new-notification")).at(-1)).toBe("After");
    expect(titles(live.of("new-notification"))).toHaveLength(5);
  });

  it("stops a removed member's tabs receiving the tenant's notifications at once, and refuses them the room", async () => {
    const { owner, member } = await team(baseUrl, mongo());
    const ownerLive = await tenantSocket(baseUrl, owner.cookie, owner.tenantId);
    const memberLive = await tenantSocket(baseUrl, member.cookie, owner.tenantId);
    open.push(ownerLive.socket, memberLive.socket);
    await notifyByWebhook(mongo(), baseUrl, owner.tenantId, "While a member");
    await expect.poll(() => titles(memberLive.of("new-notification"))).toEqual(["While a member"]);

    expect(await removeFromTenant(owner, member)).toBe(200);
    await notifyByWebhook(mongo(), baseUrl, owner.tenantId, "After the removal");
    await expect.poll(() => titles(ownerLive.of("new-notification"))).toEqual(["While a member", "After the removal"]);
    await pause(300);
    expect(titles(memberLive.of("new-notification"))).toEqual(["While a member"]);
    // Still connected (their other tenants keep working), but this one is closed to them.
    expect(memberLive.socket.connected).toBe(true);
    expect(await memberLive.socket.timeout(5_000).emitWithAck("join-tenant", owner.tenantId)).toEqual({
      ok: false,
      error: "Tenant not found",
    });
  });

  it("takes a member who leaves the tenant out of its room in every open tab", async () => {
    const { owner, member } = await team(baseUrl, mongo());
    const tabs = [
      await tenantSocket(baseUrl, member.cookie, owner.tenantId),
      await tenantSocket(baseUrl, member.cookie, owner.tenantId),
    ];
    const ownerLive = await tenantSocket(baseUrl, owner.cookie, owner.tenantId);
    open.push(ownerLive.socket, ...tabs.map((tab) => tab.socket));
    const left = await api(member, "/api/auth/organization/leave", {
      method: "POST",
      body: JSON.stringify({ organizationId: owner.tenantId }),
    });
    expect(left.status).toBe(200);
    await notifyByWebhook(mongo(), baseUrl, owner.tenantId, "After leaving");
    await expect.poll(() => titles(ownerLive.of("new-notification"))).toEqual(["After leaving"]);
    await pause(300);
    for (const tab of tabs) expect(tab.of("new-notification")).toEqual([]);
  });

  it("does not give a member removed while their tab was offline the tenant's room or its missed notifications back", async () => {
    const { owner, member } = await team(baseUrl, mongo());
    const memberLive = await tenantSocket(baseUrl, member.cookie, owner.tenantId, { reconnectAfterMs: 3_000 });
    open.push(memberLive.socket);
    await notifyByWebhook(mongo(), baseUrl, owner.tenantId, "While a member");
    await expect.poll(() => titles(memberLive.of("new-notification"))).toEqual(["While a member"]);

    const { reconnected } = await dropTransport(memberLive.socket);
    expect(await removeFromTenant(owner, member)).toBe(200);
    await notifyByWebhook(mongo(), baseUrl, owner.tenantId, "After the removal");
    expect(await reconnected).toBe(false);
    await notifyByWebhook(mongo(), baseUrl, owner.tenantId, "Later still");
    await pause(500);
    expect(titles(memberLive.of("new-notification"))).toEqual(["While a member"]);
  });

  it("ignores malformed notification-received acknowledgements without dropping the client", async () => {
    const owner = await signUp(baseUrl);
    const live = await tenantSocket(baseUrl, owner.cookie, owner.tenantId);
    open.push(live.socket);
    for (const garbage of [undefined, null, 42, { $ne: null }, ["a"], "not-an-id", "x".repeat(50_000)]) {
      live.socket.emit("notification-received", garbage);
    }
    live.socket.emit("notification-received", "0123456789abcdef01234567", "extra", { more: true });
    live.socket.emit("notification-received");

    // The same connection still works, and so does the server.
    expect(await live.socket.timeout(5_000).emitWithAck("join-tenant", owner.tenantId)).toEqual({
      ok: true,
      tenantId: owner.tenantId,
    });
    await notifyByWebhook(mongo(), baseUrl, owner.tenantId, "Still live");
    await expect.poll(() => titles(live.of("new-notification"))).toEqual(["Still live"]);
    expect(live.socket.connected).toBe(true);
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
  });
});
