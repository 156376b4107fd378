import { setTimeout as sleep } from "node:timers/promises";
import { type EmbeddedDb, startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { freePort, tempDir } from "../../tests/support/app-process";
import type { Attempt } from "./load";
import { type DrillArgs, embeddedDbOf, type Figures, isAlive, onCleanup, quantiles, say, signalPid, waitUntil } from "./stack";
import { startUnderLoad, type UnderLoad, verifyUnderLoad, waitHealthy } from "./under-load";
import { printable } from "./verify";

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

/** The end both phases share: the load drained, what was answered during the outage, every delivery checked. */
async function finishPhase(
  run: UnderLoad,
  args: DrillArgs,
  phase: Phase["phase"],
  outage: { uri: string; from: number; to: number; recovered: boolean },
  figures: Record<string, unknown>,
): Promise<Phase> {
  say("stopping the load; waiting for every delivery to be answered");
  await run.load.drain(args.short ? 30_000 : 90_000);
  const whileDown = outageAnswers(
    run.load.deliveries.flatMap((d) => d.attempts),
    outage.from,
    outage.to,
  );
  const verdict = await verifyUnderLoad(run, outage.uri);
  const checks = {
    answered503WithRetryAfter: whileDown.wrongAnswers === 0 && whileDown.unanswered === 0,
    recoveredWithoutRestart: outage.recovered,
    nothingHalfWritten: verdict.passed,
  };
  return {
    phase,
    passed: Object.values(checks).every(Boolean),
    checks,
    killedAtS: Math.round((outage.from - run.startedAt) / 100) / 10,
    ...figures,
    whileDown,
    load: run.load.summary(),
    verdict: printable(verdict),
    workDir: run.workDir,
  };
}

/** When the app did not recover by itself: restarted (SIGTERM), so the data can still be checked. */
async function restartApp(run: UnderLoad, why: string): Promise<Record<string, unknown>> {
  say(`${why}: restarting the app (SIGTERM)`);
  const stopped = await run.app.stop("SIGTERM", 60_000);
  await run.app.start();
  return { exitCode: stopped.code, exitMs: stopped.ms, forcedKill: stopped.forced };
}

async function phaseEmbedded(args: DrillArgs): Promise<Phase> {
  const observeMs = args.short ? 12_000 : 45_000;
  const run = await startUnderLoad("db-embedded", args);
  try {
    const { app, load, dataDir } = run;
    await sleep(Math.round((args.short ? 3_000 : 8_000) * (0.5 + run.random())));

    const before = embeddedDbOf(dataDir);
    if (!before || !isAlive(before.pid)) throw new Error("the app's embedded database is not running");
    await waitUntil(() => load.requestsInFlight > 0, 2_000, 1);
    say(`SIGKILL to the app's embedded database (pid ${before.pid}), ${load.requestsInFlight} requests in flight`);
    const killAt = Date.now();
    signalPid(before.pid, "SIGKILL");

    // Does the app bring its database back by itself?
    const { recovered, probes } = await waitHealthy(app.baseUrl, observeMs, 500);
    const recoveredAt = recovered ? Date.now() : null;
    const after = embeddedDbOf(dataDir);
    const restartedByApp = Boolean(after && after.pid !== before.pid && isAlive(after.pid));
    const outageEnd = recoveredAt ?? Date.now();
    const appRestart = recovered ? null : await restartApp(run, `the app did not bring its database back within ${observeMs} ms`);
    await sleep(args.short ? 3_000 : 8_000);

    const db = embeddedDbOf(dataDir);
    if (!db) throw new Error("the embedded database is not running at the end");
    return await finishPhase(
      run,
      args,
      "embedded",
      { uri: withDatabaseName(db.uri), from: killAt, to: outageEnd, recovered },
      {
        observedMs: outageEnd - killAt,
        databaseRestartedByApp: restartedByApp,
        recoveredAfterMs: recoveredAt === null ? null : recoveredAt - killAt,
        healthProbes: probes,
        appRestart,
      },
    );
  } finally {
    // The next phase runs alone on the machine.
    await run.app.stop("SIGTERM", 20_000);
    await run.redis.stop();
  }
}

async function phaseExternal(args: DrillArgs): Promise<Phase> {
  const outageMs = args.short ? 5_000 : 20_000;
  const recoverWithinMs = args.short ? 20_000 : 60_000;
  const dbPort = await freePort();
  const dbDir = tempDir("drill-db-external-database");
  let database: EmbeddedDb = await startEmbeddedDb({ dataDir: dbDir, port: dbPort, advertise: false });
  onCleanup(() => database.stop());
  const uri = withDatabaseName(database.uri, "pulseboard_drill");
  const run = await startUnderLoad("db-external", args, { seed: args.seed + 1, env: { MONGODB_URI: uri } });
  try {
    const { app, load } = run;
    await sleep(Math.round((args.short ? 3_000 : 8_000) * (0.5 + run.random())));

    await waitUntil(() => load.requestsInFlight > 0, 2_000, 1);
    say(`SIGKILL to the database (pid ${database.pid}), ${load.requestsInFlight} requests in flight; back in ${outageMs} ms`);
    const killAt = Date.now();
    signalPid(database.pid, "SIGKILL");
    await sleep(outageMs);
    database = await startEmbeddedDb({ dataDir: dbDir, port: dbPort, advertise: false });
    const backAt = Date.now();
    say("the database is back");
    const { recovered, probes } = await waitHealthy(app.baseUrl, recoverWithinMs, 250);
    const recoveredAt = recovered ? Date.now() : null;
    await sleep(args.short ? 3_000 : 8_000);
    let appRestart: Record<string, unknown> | null = null;
    if (!recovered) {
      appRestart = await restartApp(run, `the app did not recover within ${recoverWithinMs} ms of the database's return`);
      await sleep(3_000);
    }

    const first2xxAfterBack = load.deliveries
      .flatMap((d) => d.attempts)
      .filter((a) => a.status !== null && a.status < 300 && a.at >= backAt)
      .reduce((min, a) => Math.min(min, a.at + a.ms), Number.POSITIVE_INFINITY);
    return await finishPhase(
      run,
      args,
      "external",
      { uri, from: killAt, to: backAt, recovered },
      {
        outageMs: backAt - killAt,
        healthyAfterDatabaseBackMs: recoveredAt === null ? null : recoveredAt - backAt,
        first2xxAfterDatabaseBackMs: Number.isFinite(first2xxAfterBack) ? first2xxAfterBack - backAt : null,
        healthProbes: probes,
        appRestart,
      },
    );
  } finally {
    await run.app.stop("SIGTERM", 20_000);
    await run.redis.stop();
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
