import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type EmbeddedDb, startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { freePort } from "../../tests/support/app-process";
import { type Attempt, Load } from "./load";
import { startOwnRedis } from "./redis-server";
import {
  AppSlot,
  type DrillArgs,
  drillWorkDir,
  embeddedDbOf,
  type Figures,
  isAlive,
  onCleanup,
  probe,
  quantiles,
  say,
  seededRandom,
  signalPid,
  waitUntil,
} from "./stack";
import { createDrillTenant } from "./tenant";
import { openRawDb, printable, verifyDeliveries } from "./verify";

// `npm run drill -- db`: the database process is killed (SIGKILL) mid-load. While it is away every
// webhook must be answered 503 with Retry-After; nothing half-written may remain (every delivery
// answered 2xx, before or after, has all its effects); and the app must recover without a restart
// once the database is back. Two phases:
// - `embedded` (the default deployment): the FerretDB the app started under DATA_DIR is killed; the
//   app itself must bring it back. When it does not within the observation window, that is a
//   failure, and the app is restarted (SIGTERM) so the data can still be checked.
// - `external` (MONGODB_URI): a FerretDB the drill runs is killed and started again on the same port
//   and files after a while; the app must reconnect by itself.

type Phase = {
  phase: "embedded" | "external";
  passed: boolean;
  checks: Record<string, boolean>;
} & Record<string, unknown>;

/** Attempts answered while the database was away (those in flight when it died included), by answer. */
function outageAnswers(attempts: Attempt[], from: number, to: number) {
  const during = attempts.filter((a) => a.at <= to && a.at + a.ms >= from);
  const statuses: Record<string, number> = {};
  for (const a of during) {
    const key = a.status === null ? `no answer (${a.error})` : `${a.status}${a.retryAfter ? ` retry-after ${a.retryAfter}` : ""}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const wrong = during.filter(
    (a) => a.status !== null && a.status >= 300 && !((a.status === 503 || a.status === 429) && a.retryAfter),
  ).length;
  const unanswered = during.filter((a) => a.status === null).length;
  return {
    attempts: during.length,
    statuses,
    wrongAnswers: wrong,
    unanswered,
    answerMs: quantiles(during.filter((a) => a.status !== null).map((a) => a.ms)),
  };
}

async function phaseEmbedded(args: DrillArgs): Promise<Phase> {
  const rate = args.rate ?? 20;
  const observeMs = args.short ? 12_000 : 45_000;
  const random = seededRandom(args.seed);
  const { workDir, dataDir, runId } = drillWorkDir("db-embedded");
  const redis = await startOwnRedis();
  const app = new AppSlot(workDir, await freePort(), {
    DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    OUTBOUND_REDIS_URL: redis.url,
    REDIS_PREFIX: `drill-${runId}`,
    STORAGE: args.storage,
  });
  await app.start();
  const tenant = await createDrillTenant(app.baseUrl);
  const load = new Load({ baseUrl: app.baseUrl, tenantId: tenant.session.tenantId, secret: tenant.secret, runId, rate, random });
  const startedAt = Date.now();
  load.start();
  await sleep(Math.round((args.short ? 3_000 : 8_000) * (0.5 + random())));

  const before = embeddedDbOf(dataDir);
  if (!before || !isAlive(before.pid)) throw new Error("the app's embedded database is not running");
  await waitUntil(() => load.requestsInFlight > 0, 2_000, 1);
  say(`SIGKILL to the app's embedded database (pid ${before.pid}), ${load.requestsInFlight} requests in flight`);
  const killAt = Date.now();
  signalPid(before.pid, "SIGKILL");

  // Does the app bring its database back by itself?
  const probes: Record<string, number> = {};
  const recovered = await waitUntil(
    async () => {
      const status = await probe(app.baseUrl);
      probes[status] = (probes[status] ?? 0) + 1;
      return status === "200";
    },
    observeMs,
    500,
  );
  const recoveredAt = recovered ? Date.now() : null;
  const after = embeddedDbOf(dataDir);
  const restartedByApp = Boolean(after && after.pid !== before.pid && isAlive(after.pid));
  let appRestart: Record<string, unknown> | null = null;
  const outageEnd = recoveredAt ?? Date.now();
  if (!recovered) {
    say(`the app did not bring its database back within ${observeMs} ms: restarting the app (SIGTERM)`);
    const stopped = await app.stop("SIGTERM", 60_000);
    await app.start();
    appRestart = { exitCode: stopped.code, exitMs: stopped.ms, forcedKill: stopped.forced };
  }
  await sleep(args.short ? 3_000 : 8_000);
  say("stopping the load; waiting for every delivery to be answered");
  await load.drain(args.short ? 30_000 : 90_000);

  const answers = outageAnswers(
    load.deliveries.flatMap((d) => d.attempts),
    killAt,
    outageEnd,
  );
  const db = embeddedDbOf(dataDir);
  if (!db) throw new Error("the embedded database is not running at the end");
  const raw = await openRawDb(withDatabaseName(db.uri));
  try {
    const verdict = await verifyDeliveries({ session: tenant.session, raw, deliveries: load.deliveries, startedAt });
    app.saveLog();
    const checks = {
      answered503WithRetryAfter: answers.wrongAnswers === 0 && answers.unanswered === 0,
      recoveredWithoutRestart: recovered,
      nothingHalfWritten: verdict.passed,
    };
    return {
      phase: "embedded",
      passed: Object.values(checks).every(Boolean),
      checks,
      killedAtS: Math.round((killAt - startedAt) / 100) / 10,
      observedMs: outageEnd - killAt,
      databaseRestartedByApp: restartedByApp,
      recoveredAfterMs: recoveredAt === null ? null : recoveredAt - killAt,
      healthProbes: probes,
      appRestart,
      whileDown: answers,
      load: load.summary(),
      verdict: printable(verdict),
      workDir,
    };
  } finally {
    await raw.close();
    // The next phase runs alone on the machine.
    await app.stop("SIGTERM", 20_000);
    await redis.stop();
  }
}

async function phaseExternal(args: DrillArgs): Promise<Phase> {
  const rate = args.rate ?? 20;
  const outageMs = args.short ? 5_000 : 20_000;
  const recoverWithinMs = args.short ? 20_000 : 60_000;
  const random = seededRandom(args.seed + 1);
  const { workDir, dataDir, runId } = drillWorkDir("db-external");
  const dbDir = path.join(workDir, "external-db");
  const dbPort = await freePort();
  let database: EmbeddedDb = await startEmbeddedDb({ dataDir: dbDir, port: dbPort, advertise: false });
  onCleanup(() => database.stop());
  const uri = withDatabaseName(database.uri, "pulseboard_drill");
  const redis = await startOwnRedis();
  const app = new AppSlot(workDir, await freePort(), {
    DATA_DIR: dataDir,
    MONGODB_URI: uri,
    REDIS_URL: redis.url,
    OUTBOUND_REDIS_URL: redis.url,
    REDIS_PREFIX: `drill-${runId}`,
    STORAGE: args.storage,
  });
  await app.start();
  const tenant = await createDrillTenant(app.baseUrl);
  const load = new Load({ baseUrl: app.baseUrl, tenantId: tenant.session.tenantId, secret: tenant.secret, runId, rate, random });
  const startedAt = Date.now();
  load.start();
  await sleep(Math.round((args.short ? 3_000 : 8_000) * (0.5 + random())));

  await waitUntil(() => load.requestsInFlight > 0, 2_000, 1);
  say(`SIGKILL to the database (pid ${database.pid}), ${load.requestsInFlight} requests in flight; back in ${outageMs} ms`);
  const killAt = Date.now();
  signalPid(database.pid, "SIGKILL");
  await sleep(outageMs);
  database = await startEmbeddedDb({ dataDir: dbDir, port: dbPort, advertise: false });
  const backAt = Date.now();
  say("the database is back");
  const probes: Record<string, number> = {};
  const recovered = await waitUntil(
    async () => {
      const status = await probe(app.baseUrl);
      probes[status] = (probes[status] ?? 0) + 1;
      return status === "200";
    },
    recoverWithinMs,
    250,
  );
  const recoveredAt = recovered ? Date.now() : null;
  await sleep(args.short ? 3_000 : 8_000);
  let appRestart: Record<string, unknown> | null = null;
  if (!recovered) {
    say(`the app did not recover within ${recoverWithinMs} ms of the database's return: restarting it (SIGTERM)`);
    const stopped = await app.stop("SIGTERM", 60_000);
    await app.start();
    appRestart = { exitCode: stopped.code, exitMs: stopped.ms, forcedKill: stopped.forced };
    await sleep(3_000);
  }
  say("stopping the load; waiting for every delivery to be answered");
  await load.drain(args.short ? 30_000 : 90_000);

  const attempts = load.deliveries.flatMap((d) => d.attempts);
  const answers = outageAnswers(attempts, killAt, backAt);
  const first2xxAfterBack = attempts
    .filter((a) => a.status !== null && a.status < 300 && a.at >= backAt)
    .reduce((min, a) => Math.min(min, a.at + a.ms), Number.POSITIVE_INFINITY);
  const raw = await openRawDb(uri);
  try {
    const verdict = await verifyDeliveries({ session: tenant.session, raw, deliveries: load.deliveries, startedAt });
    app.saveLog();
    const checks = {
      answered503WithRetryAfter: answers.wrongAnswers === 0 && answers.unanswered === 0,
      recoveredWithoutRestart: recovered,
      nothingHalfWritten: verdict.passed,
    };
    return {
      phase: "external",
      passed: Object.values(checks).every(Boolean),
      checks,
      killedAtS: Math.round((killAt - startedAt) / 100) / 10,
      outageMs: backAt - killAt,
      healthyAfterDatabaseBackMs: recoveredAt === null ? null : recoveredAt - backAt,
      first2xxAfterDatabaseBackMs: Number.isFinite(first2xxAfterBack) ? first2xxAfterBack - backAt : null,
      healthProbes: probes,
      appRestart,
      whileDown: answers,
      load: load.summary(),
      verdict: printable(verdict),
      workDir,
    };
  } finally {
    await raw.close();
    await app.stop("SIGTERM", 20_000);
    await redis.stop();
    await database.stop();
  }
}

export async function drillDb(args: DrillArgs): Promise<Figures> {
  const phases: Phase[] = [];
  for (const run of [phaseEmbedded, phaseExternal]) {
    say(`phase ${run === phaseEmbedded ? "embedded" : "external"}`);
    phases.push(await run(args));
  }
  return {
    drill: "db",
    passed: phases.every((p) => p.passed),
    checks: Object.fromEntries(phases.map((p) => [p.phase, p.checks])),
    config: { form: args.short ? "short" : "long", seed: args.seed, storage: args.storage ?? "auto" },
    phases,
  };
}
