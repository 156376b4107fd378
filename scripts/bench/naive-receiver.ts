import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MongoClient } from "mongodb";
import { Server } from "socket.io";
import { verifySignature } from "@/lib/webhooks/signatures/verify-signature";

export type NaiveReceiver = { url: string; port: number; stop: () => Promise<void> };

// What each kind becomes in the naive receiver: its collection and the event pushed to the room.
const kinds: Record<string, { collection: string; event: string }> = {
  orders: { collection: "naive_orders", event: "new-order" },
  notifications: { collection: "naive_notifications", event: "new-notification" },
  payments: { collection: "naive_payments", event: "new-payment" },
};

/**
 * The naive receiver of issue 18, the shape the original BI-dashboard document gives: a webhook
 * route that checks the HMAC of the raw body (the same schemes Pulseboard accepts, one secret),
 * does one `insertOne` of the payload, then `io.to(tenantId).emit(...)` the stored document on a
 * bare Socket.IO server (any client may `join-tenant` any room: no auth, no exactly-once, no
 * inbox, no activity, no delivery log). Benchmarks run it in their own process, on the same
 * database as the server they measure, as the floor Pulseboard is compared against.
 *
 * Routes: `POST /api/webhooks/{kind}` with the tenant in the body, as Pulseboard's, so the same
 * `buildSignedRequest` output can be sent to either by changing the base URL.
 */
export async function startNaiveReceiver(options: { mongoUri: string; secret: string }): Promise<NaiveReceiver> {
  const mongo = await MongoClient.connect(options.mongoUri);
  const db = mongo.db();
  const secrets = [{ label: "current" as const, value: options.secret }];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const match = /^\/api\/webhooks\/([a-z]+)\/?$/.exec(req.url ?? "");
    const kind = match ? kinds[match[1] as string] : undefined;
    if (req.method !== "POST" || !kind) return answer(404, { error: "not found" });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const signature = verifySignature(
      {
        "x-webhook-signature": req.headers["x-webhook-signature"] as string | undefined,
        "webhook-id": req.headers["webhook-id"] as string | undefined,
        "webhook-timestamp": req.headers["webhook-timestamp"] as string | undefined,
        "webhook-signature": req.headers["webhook-signature"] as string | undefined,
      },
      body,
      secrets,
    );
    if (!signature.ok) return answer(401, { error: signature.message });
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body.toString("utf8"));
    } catch {
      return answer(400, { error: "invalid JSON" });
    }
    const tenantId = typeof payload.tenantId === "string" ? payload.tenantId : undefined;
    if (!tenantId) return answer(400, { error: "tenantId required" });
    const doc = { ...payload, createdAt: new Date() };
    const { insertedId } = await db.collection(kind.collection).insertOne(doc);
    io.to(tenantId).emit(kind.event, { ...doc, _id: String(insertedId) });
    answer(201, { ok: true, id: String(insertedId) });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: String(error) }));
    });
  });
  const io = new Server(server, { serveClient: false });
  io.on("connection", (socket) => {
    socket.on("join-tenant", (tenantId: unknown, ack?: (reply: { ok: boolean; tenantId?: string }) => void) => {
      if (typeof tenantId !== "string") return ack?.({ ok: false });
      void socket.join(tenantId);
      ack?.({ ok: true, tenantId });
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    await mongo.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const stop = async () => {
    // io.close() disconnects its sockets and closes the http server; drop kept-alive posters first.
    server.closeAllConnections();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await mongo.close();
  };
  return { url: `http://127.0.0.1:${port}`, port, stop };
}
