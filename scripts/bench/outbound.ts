import { randomUUID } from "node:crypto";
import { Agent, createServer, request as httpRequest } from "node:http";
import { Queue } from "bullmq";
import { deliveryIdFor } from "@/lib/outbound/enqueue-outbound-event";
import type { OutboundJobData } from "@/lib/outbound/outbound-runtime";
import { queueDeliveries } from "@/lib/outbound/queue-deliveries";
import { sampleFor } from "@/lib/webhooks/samples";
import { signStandard } from "@/lib/webhooks/signatures/sign-standard";
import { api, signUp } from "../../tests/support/http";
import { startBenchStack } from "./stack";
import { percentile, runConcurrent } from "./stats";

// `npm run bench -- outbound [--n 2000] [--concurrency 16]`: a raw HTTP-client loop posting signed
// event-sized bodies to a local receiver, against the outbound queue delivering the same events to
// the same receiver (BullMQ → worker in the server → signed POST, each attempt logged and counted),
// same machine, same run. Events are put on the queue directly (with the server's own job
// building), so the figure is the dispatcher's own; p99 is from enqueue to the receiver's arrival.

export async function benchOutbound(options: { n: number; concurrency: number }) {
  const prefix = `bench-outbound-${randomUUID().slice(0, 8)}`;
  const arrivals = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = req.headers["webhook-id"];
      if (typeof id === "string") arrivals.set(id, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  const address = receiver.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/hook`;
  const { app, stop } = await startBenchStack("outbound", {
    OUTBOUND_ALLOW_PRIVATE: "true",
    REDIS_PREFIX: prefix,
    OUTBOUND_CONCURRENCY: String(options.concurrency),
  });
  const queue = new Queue<OutboundJobData>("outbound", { connection: { url: "redis://127.0.0.1:6379" }, prefix });
  try {
    const session = await signUp(app.baseUrl);
    const created = await api(session, "/api/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url }) });
    const { endpoint, secret } = (await created.json()) as { endpoint: { id: string }; secret: string };
    const body = (i: number, run: string) =>
      JSON.stringify({
        id: `evt_${run}_${i}`,
        type: "order.created",
        timestamp: new Date().toISOString(),
        data: sampleFor("orders", session.tenantId, { orderNumber: `${run}-${i}` }),
      });

    // Baseline: what a plain client loop achieves against the same receiver.
    // A new connection per request from one agent without keep-alive, as the delivery worker makes.
    const agent = new Agent({ keepAlive: false });
    const post = (id: string, payload: string) =>
      new Promise<void>((resolve, reject) => {
        const timestamp = Math.floor(Date.now() / 1000);
        const req = httpRequest(url, {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "webhook-id": id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": signStandard({ id, timestamp, body: payload, secret }),
          },
        });
        req.on("response", (res) => {
          res.resume();
          res.on("end", () => resolve());
        });
        req.on("error", reject);
        req.end(payload);
      });
    await runConcurrent(100, options.concurrency, (i) => post(`warm_${i}`, body(i, "warm")));
    const baseline = await runConcurrent(options.n, options.concurrency, (i) => post(`raw_${i}`, body(i, "raw")));

    // Outbound: the same number of events through the queue, as the ingest path adds them.
    const enqueue = async (run: string, count: number) => {
      const sent = new Map<string, number>();
      const deliveries = Array.from({ length: count }, (_, i) => ({
        deliveryId: deliveryIdFor(endpoint.id, `${run}-${i}`),
        body: body(i, run),
        eventIds: [`evt_${run}_${i}`],
        eventTypes: ["order.created"],
      }));
      const started = performance.now();
      // In groups of 50, as a burst of accepted webhooks reaches the queue in one turn of the
      // server's event loop, through the same function (lib/outbound/queue-deliveries.ts).
      for (let i = 0; i < deliveries.length; i += 50) {
        const chunk = deliveries.slice(i, i + 50);
        const at = performance.now();
        for (const delivery of chunk) sent.set(delivery.deliveryId, at);
        await queueDeliveries(queue, { tenantId: session.tenantId, endpointId: endpoint.id }, chunk);
      }
      const deadline = Date.now() + 300_000;
      while ([...sent.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const latencies = [...sent].map(([id, at]) => (arrivals.get(id) ?? Number.NaN) - at).sort((a, b) => a - b);
      const last = Math.max(...[...sent.keys()].map((id) => arrivals.get(id) ?? 0));
      return {
        latencies,
        perSecond: (count / (last - started)) * 1000,
        delivered: latencies.filter((l) => !Number.isNaN(l)).length,
      };
    };
    await enqueue("warm", 100);
    const outbound = await enqueue(`bench-${randomUUID().slice(0, 6)}`, options.n);

    return {
      machine: "2 cores (shared), embedded FerretDB v1.24 (SQLite), local Redis",
      n: options.n,
      concurrency: options.concurrency,
      rawHttpPerS: Math.round(baseline.perSecond),
      rawHttpP50Ms: +percentile(baseline.latencies, 50).toFixed(2),
      rawHttpP99Ms: +percentile(baseline.latencies, 99).toFixed(2),
      outboundPerS: Math.round(outbound.perSecond),
      outboundDelivered: outbound.delivered,
      outboundP50Ms: +percentile(outbound.latencies, 50).toFixed(2),
      outboundP99Ms: +percentile(outbound.latencies, 99).toFixed(2),
      ratio: +(outbound.perSecond / baseline.perSecond).toFixed(3),
      target: "ratio >= 0.5",
    };
  } finally {
    await queue.close();
    await stop();
    receiver.close();
  }
}
