import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceOutboundChange } from "@/lib/outbound/announce-outbound-change";
import type { DashboardRefreshPayload } from "@/lib/realtime/events";
import { type IoServer, setIo } from "@/lib/realtime/io-registry";
import { tenantRoom } from "@/lib/realtime/rooms";

// What a settings page's socket receives when the delivery worker announces its attempts: a real
// Socket.IO server and client on loopback, with the tenant's room joined as join-tenant would.

const TENANT = "65a0c0ffee0000000000000a";
const OTHER = "65a0c0ffee0000000000000b";
let io: Server;
let sockets: Socket[] = [];

async function listen(tenantId: string) {
  const port = (io.httpServer.address() as AddressInfo).port;
  const socket = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], query: { tenantId } });
  sockets.push(socket);
  const received: DashboardRefreshPayload[] = [];
  socket.on("dashboard-refresh", (payload: DashboardRefreshPayload) => received.push(payload));
  await new Promise<void>((resolve) => socket.once("joined", () => resolve()));
  return received;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  const http = createServer();
  io = new Server(http);
  io.on("connection", (socket) => {
    void socket.join(tenantRoom(String(socket.handshake.query.tenantId)));
    socket.emit("joined");
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  setIo(io as unknown as IoServer);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  sockets = [];
  setIo(undefined);
  await io.close();
});

describe("outbound announcements", () => {
  it("sends a burst of attempts on one endpoint as at most two refreshes per window, the last one after the burst", async () => {
    const mine = await listen(TENANT);
    const theirs = await listen(OTHER);
    for (let i = 0; i < 200; i++) announceOutboundChange(TENANT, "ep-busy", "outbound.delivery.attempted");
    announceOutboundChange(TENANT, "ep-quiet", "outbound.delivery.attempted");
    await sleep(100);
    // The first attempt of each endpoint is news at once.
    expect(mine.map((p) => p.ids?.endpointId).sort()).toEqual(["ep-busy", "ep-quiet"]);
    await sleep(1_200);
    // The rest of the burst: one more, when the window closed, and nothing after.
    expect(mine.filter((p) => p.ids?.endpointId === "ep-busy")).toHaveLength(2);
    expect(mine.filter((p) => p.ids?.endpointId === "ep-quiet")).toHaveLength(1);
    expect(mine.every((p) => p.tenantId === TENANT && p.reason === "outbound.delivery.attempted")).toBe(true);
    expect(theirs).toEqual([]);

    // Once the window is over, the next attempt is announced at once again.
    announceOutboundChange(TENANT, "ep-busy", "outbound.delivery.attempted");
    await sleep(100);
    expect(mine.filter((p) => p.ids?.endpointId === "ep-busy")).toHaveLength(3);
  });

  it("announces configuration changes each at once, unthrottled", async () => {
    const mine = await listen(TENANT);
    announceOutboundChange(TENANT, "ep-1", "outbound.endpoint.updated");
    announceOutboundChange(TENANT, "ep-1", "outbound.endpoint.disabled");
    await sleep(100);
    expect(mine.map((p) => p.reason)).toEqual(["outbound.endpoint.updated", "outbound.endpoint.disabled"]);
  });
});
