import { randomUUID } from "node:crypto";
import { buildSignedRequest } from "@/lib/sender/build-signed-request";
import { sourceSampleFor } from "@/lib/sources/samples";
import { sourceOptionsSchemas } from "@/lib/sources/schemas";
import { signSourceDelivery } from "@/lib/sources/sign-source-delivery";
import type { StorageKind } from "@/lib/storage/ports";
import { sampleFor } from "@/lib/webhooks/samples";
import { api, type Session, signUp } from "../../tests/support/http";
import { tenantSecret } from "../../tests/support/webhooks";
import { createHttpPoster } from "./http-post";
import { startNaiveReceiver } from "./naive-receiver";
import { countCpu } from "./process-cpu";
import { startBenchStack } from "./stack";
import { combineRuns, percentile, runConcurrent } from "./stats";

const figures = (run: { perSecond: number; latencies: number[] }) => ({
  perSecond: Math.round(run.perSecond),
  p50: +percentile(run.latencies, 50).toFixed(2),
  p99: +percentile(run.latencies, 99).toFixed(2),
});

// `npm run bench -- ingest [--n 2000] [--concurrency 16] [--storage embedded|mongodb]`: the database
// alone (driver insertOne of an order-sized document) against the full signed ingest path, same
// embedded database, same run. `--storage mongodb` runs the server's mongodb adapter on that FerretDB,
// whose reads scan there: its figures are for reference, the target is the embedded adapter's.
// Beside both (issue 18), the naive receiver (./naive-receiver.ts: node:http, HMAC check, one
// insertOne, emit) in this process on the same database, sent the same signed orders at the same
// concurrency: `ratioToNaive` is Pulseboard's throughput over it, `ratioToRawInsert` (= `ratio`)
// over the raw insertOne. `cpuMsPerOrder` splits each phase's CPU by process (process-cpu.ts): the
// naive phase's `bench` holds the naive receiver and the load generator, Pulseboard's `bench` the
// load generator alone.
//
// `--source shopify|woocommerce` (issue 14) adds, in the same run, as many of that platform's own
// signed order deliveries to a source's URL (lib/sources/samples): `source.ratioToRawInsert` beside
// the generic one, and `source.ratioToGeneric` (target ≥ 0.9: within 10 % of the generic ingest's).
// For that ratio the two are sent in turns, generic · source · source · generic, `--n` of each in
// all: the database grows through the run, and whichever went last would pay for it.
export async function benchIngest(options: {
  n: number;
  concurrency: number;
  storage?: StorageKind;
  source?: "shopify" | "woocommerce";
}) {
  const { app, mongo, uri, storage, pids, stop } = await startBenchStack("ingest", {}, { storage: options.storage });
  const http = createHttpPoster(options.concurrency);
  let naive: Awaited<ReturnType<typeof startNaiveReceiver>> | undefined;
  try {
    const session = await signUp(app.baseUrl);
    const secret = await tenantSecret(mongo, session.tenantId);
    naive = await startNaiveReceiver({ mongoUri: uri, secret });

    // Warm both paths so JIT and connection pools do not count against either side.
    const raw = mongo.db().collection("bench_raw_orders");
    await raw.createIndex({ tenantId: 1, orderNumber: 1 }, { unique: true });
    await runConcurrent(100, options.concurrency, async (i) => {
      await raw.insertOne({ ...sampleFor("orders", session.tenantId), orderNumber: `warm-${i}` });
    });
    const request = (i: number, prefix: string, baseUrl = app.baseUrl) =>
      buildSignedRequest({
        baseUrl,
        kind: "orders",
        payload: sampleFor("orders", session.tenantId, { orderNumber: `${prefix}-${i}` }),
        secret,
      });
    await runConcurrent(100, options.concurrency, async (i) => {
      const r = request(i, "warm");
      await http.post(r.url, r.headers, r.body);
    });
    const naiveUrl = naive.url;
    await runConcurrent(100, options.concurrency, async (i) => {
      const r = request(i, "warm", naiveUrl);
      await http.post(r.url, r.headers, r.body);
    });

    const baseline = await runConcurrent(options.n, options.concurrency, async (i) => {
      await raw.insertOne({ ...sampleFor("orders", session.tenantId), orderNumber: `raw-${i}`, createdAt: new Date() });
    });
    const run = randomUUID().slice(0, 6);
    let naiveFailures = 0;
    const naiveCpu = countCpu({ database: pids.database });
    const naiveIngest = await runConcurrent(options.n, options.concurrency, async (i) => {
      const r = request(i, `naive-${run}`, naiveUrl);
      if ((await http.post(r.url, r.headers, r.body)) !== 201) naiveFailures++;
    });
    const naiveCpuPerOrder = naiveCpu.perEvent(options.n);
    let failures = 0;
    const ingestCpu = countCpu(pids);
    const ingest = await runConcurrent(options.n, options.concurrency, async (i) => {
      const r = request(i, `bench-${run}`);
      if ((await http.post(r.url, r.headers, r.body)) !== 201) failures++;
    });
    const ingestCpuPerOrder = ingestCpu.perEvent(options.n);

    const sourceRun = options.source
      ? await runSourceIngest(
          app.baseUrl,
          session,
          options.source,
          options.concurrency,
          http,
          run,
          (label, n) => {
            // Signed before the clock starts, as the source's are: the sender's work is not the server's.
            const requests = Array.from({ length: n }, (_, i) => request(i, `beside-${label}-${run}`));
            return runConcurrent(n, options.concurrency, async (i) => {
              const r = requests[i] as (typeof requests)[number];
              if ((await http.post(r.url, r.headers, r.body)) !== 201) failures++;
            });
          },
          options.n,
        )
      : null;

    const result = {
      machine: "2 cores, embedded FerretDB v1.24 (SQLite)",
      storage,
      n: options.n,
      concurrency: options.concurrency,
      dbInsertPerS: Math.round(baseline.perSecond),
      dbInsertP50Ms: +percentile(baseline.latencies, 50).toFixed(2),
      ingestPerS: Math.round(ingest.perSecond),
      ingestP50Ms: +percentile(ingest.latencies, 50).toFixed(2),
      ingestP99Ms: +percentile(ingest.latencies, 99).toFixed(2),
      ingestFailures: failures,
      ratio: +(ingest.perSecond / baseline.perSecond).toFixed(3),
      target: storage === "embedded" ? "ratio >= 0.5" : "none: the mongodb adapter on FerretDB (reads scan), for reference",
      // Issue 18: the same signed orders at the same concurrency to the naive receiver.
      naive: { ...figures(naiveIngest), failures: naiveFailures },
      pulseboard: { ...figures(ingest), failures },
      ratioToNaive: +(ingest.perSecond / naiveIngest.perSecond).toFixed(3),
      // CPU ms per order by process in each phase (process-cpu.ts); the naive receiver runs in `bench`.
      cpuMsPerOrder: { naive: naiveCpuPerOrder, pulseboard: ingestCpuPerOrder },
      ratioToRawInsert: +(ingest.perSecond / baseline.perSecond).toFixed(3),
      ...(sourceRun
        ? {
            source: {
              type: options.source,
              ...figures(sourceRun.ingest),
              failures: sourceRun.failures,
              ratioToRawInsert: +(sourceRun.ingest.perSecond / baseline.perSecond).toFixed(3),
              genericBeside: figures(sourceRun.generic),
              "turns/s (generic, source, source, generic)": sourceRun.turns,
              ratioToGeneric: +(sourceRun.ingest.perSecond / sourceRun.generic.perSecond).toFixed(3),
              "target ratioToGeneric >= 0.9": sourceRun.ingest.perSecond / sourceRun.generic.perSecond >= 0.9,
            },
          }
        : {}),
      issue18Targets: {
        "ratioToRawInsert >= 0.7": ingest.perSecond / baseline.perSecond >= 0.7,
        "ratioToNaive >= 1.0": ingest.perSecond >= naiveIngest.perSecond,
      },
    };
    return result;
  } finally {
    http.close();
    await naive?.stop();
    await stop();
  }
}

/**
 * A source of `type` added through the API, then `n` of the platform's signed order deliveries to
 * its URL, in two halves between two halves of `n` generic ones (`generic`).
 */
async function runSourceIngest(
  baseUrl: string,
  session: Session,
  type: "shopify" | "woocommerce",
  concurrency: number,
  http: ReturnType<typeof createHttpPoster>,
  run: string,
  generic: (label: string, n: number) => ReturnType<typeof runConcurrent>,
  n: number,
) {
  const added = await api(session, "/api/sources", { method: "POST", body: JSON.stringify({ type, name: `bench ${type}` }) });
  if (added.status !== 201) throw new Error(`could not add the ${type} source: HTTP ${added.status}`);
  const { source, secret } = (await added.json()) as { source: { id: string }; secret: string };
  const url = `${baseUrl}/api/webhooks/${session.tenantId}/sources/${source.id}`;
  const options = sourceOptionsSchemas[type].parse({}) as never;
  const delivery = (i: number, prefix: string) => {
    const sample = sourceSampleFor(type, { orderNumber: `${prefix}-${i}` });
    const headers = {
      "content-type": "application/json",
      ...sample.headers,
      ...signSourceDelivery(type, options, secret, sample.body),
    };
    return { headers, body: sample.body };
  };
  await runConcurrent(100, concurrency, async (i) => {
    const d = delivery(i, `warm-src-${run}`);
    await http.post(url, d.headers, d.body);
  });
  let failures = 0;
  const sourceHalf = (label: string, count: number) => {
    const deliveries = Array.from({ length: count }, (_, i) => delivery(i, `src-${label}-${run}`));
    return runConcurrent(count, concurrency, async (i) => {
      const d = deliveries[i] as (typeof deliveries)[number];
      if ((await http.post(url, d.headers, d.body)) !== 201) failures++;
    });
  };
  const first = Math.ceil(n / 2);
  const genericA = await generic("a", first);
  const sourceA = await sourceHalf("a", first);
  const sourceB = await sourceHalf("b", n - first);
  const genericB = await generic("b", n - first);
  // Each turn's own rate, in the order they ran: how far the database's growth moved them.
  const turns = [genericA, sourceA, sourceB, genericB].map((turn) => Math.round(turn.perSecond));
  return { ingest: combineRuns(sourceA, sourceB), generic: combineRuns(genericA, genericB), turns, failures };
}
