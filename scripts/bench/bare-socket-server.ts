import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

// The baseline of `npm run bench -- fanout`: a bare Socket.IO server (defaults, no auth, no
// recovery, no adapter) in a process of its own, so its memory is read apart from the bench's.
// Clients join a room with `join`; `POST /emit?title=…` emits one new-notification to that room,
// as a webhook makes Pulseboard emit to a tenant's room. Prints its port once listening.
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method !== "POST" || url.pathname !== "/emit") {
    res.writeHead(404).end();
    return;
  }
  io.to("room").emit("new-notification", { title: url.searchParams.get("title") ?? "" });
  res.writeHead(201, { "content-type": "application/json" }).end('{"ok":true}');
});
const io = new Server(server, { serveClient: false });
io.on("connection", (socket) => {
  socket.on("join", (ack?: (reply: { ok: boolean }) => void) => {
    void socket.join("room");
    ack?.({ ok: true });
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`bare socket server listening on ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => process.exit(0));
