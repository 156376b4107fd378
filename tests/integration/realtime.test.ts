import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, inject, it } from "vitest";
import { signUp } from "../support/http";

const baseUrl = inject("baseUrl");
const open: Socket[] = [];

afterEach(() => {
  for (const socket of open.splice(0)) socket.disconnect();
});

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
