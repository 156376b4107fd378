import { setTimeout as sleep } from "node:timers/promises";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { type DrillArgs, embeddedDbOf, type Figures, isAlive, say, waitUntil } from "./stack";
import { drillConfig, startUnderLoad, verifyUnderLoad } from "./under-load";
import { printable } from "./verify";

// `npm run drill -- kill`: senders post at a steady rate and retry; the server is killed with
// SIGKILL at random moments and restarted on the same DATA_DIR (the embedded database must come
// back: the stale server.lock names a dead pid, the orphaned FerretDB stops by itself); afterwards
// every delivery answered 2xx must have all its effects, once.

export async function drillKill(args: DrillArgs): Promise<Figures> {
  const kills = args.kills ?? (args.short ? 2 : 5);
  const [minUpMs, maxUpMs] = args.short ? [2_000, 5_000] : [3_000, 12_000];
  const run = await startUnderLoad("kill", args);
  const { app, load, random, dataDir, startedAt, workDir } = run;

  const killed: Array<{
    n: number;
    atS: number;
    upMs: number;
    unansweredAtKill: number;
    requestsInFlightAtKill: number;
    downMs: number;
    restartMs: number;
    databaseCameBack: boolean;
  }> = [];
  for (let n = 1; n <= kills; n++) {
    const upMs = Math.round(minUpMs + random() * (maxUpMs - minUpMs));
    await sleep(upMs);
    // Under load: the kill comes once a request is in flight (waiting at most 2 s for one).
    await waitUntil(() => load.requestsInFlight > 0, 2_000, 1);
    const at = Date.now();
    const unansweredAtKill = load.unanswered();
    const requestsInFlightAtKill = load.requestsInFlight;
    say(`kill ${n}/${kills}: SIGKILL after ${upMs} ms up, ${requestsInFlightAtKill} requests in flight`);
    const dbBefore = embeddedDbOf(dataDir);
    await app.stop("SIGKILL");
    await app.start();
    const appRun = app.runs[app.runs.length - 1];
    // The killed server's FerretDB stopped by itself (-watch-stdin) and a new one serves the same files.
    const dbAfter = embeddedDbOf(dataDir);
    const databaseCameBack = Boolean(
      dbBefore && dbAfter && dbAfter.pid !== dbBefore.pid && !isAlive(dbBefore.pid) && isAlive(dbAfter.pid),
    );
    killed.push({
      n,
      atS: Math.round((at - startedAt) / 100) / 10,
      upMs,
      unansweredAtKill,
      requestsInFlightAtKill,
      downMs: Date.now() - at,
      restartMs: appRun?.startMs ?? 0,
      databaseCameBack,
    });
  }
  await sleep(args.short ? 3_000 : 5_000);
  say("stopping the load; waiting for every delivery to be answered");
  await load.drain(args.short ? 30_000 : 90_000);

  const db = embeddedDbOf(dataDir);
  if (!db) throw new Error("the embedded database is not running after the last restart");
  const verdict = await verifyUnderLoad(run, withDatabaseName(db.uri));
  // Which kill each loss belongs to: the first kill at or after the delivery's first attempt.
  const perKill = killed.map((k) => ({ ...k, deliveriesThatLostEffects: 0 }));
  const lostSeqs = new Set(Object.values(verdict.lostSeqs).flat());
  for (const d of load.deliveries) {
    if (!lostSeqs.has(d.seq)) continue;
    const first = (d.attempts[0]?.at ?? d.startedAt) - startedAt;
    const kill = perKill.find((k) => k.atS * 1000 >= first - 100);
    if (kill) kill.deliveriesThatLostEffects++;
  }
  const databaseCameBack = killed.every((k) => k.databaseCameBack);
  return {
    drill: "kill",
    passed: verdict.passed && databaseCameBack,
    checks: { nothingLost: verdict.passed, databaseCameBackAfterEachKill: databaseCameBack },
    config: drillConfig(args, { kills, upMs: [minUpMs, maxUpMs] }),
    kills: perKill,
    load: load.summary(),
    verdict: printable(verdict),
    workDir,
  };
}
