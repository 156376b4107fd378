import { setTimeout as sleep } from "node:timers/promises";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { type DrillArgs, embeddedDbOf, type Figures, probe, say, waitUntil } from "./stack";
import { drillConfig, startUnderLoad, verifyUnderLoad } from "./under-load";
import { printable } from "./verify";

// `npm run drill -- term`: SIGTERM under load. Every request answered before the exit must be
// complete (its effects visible after the restart), new connections must be refused once the
// shutdown has begun, the process must exit by itself (code 0), and nothing may be lost.

export async function drillTerm(args: DrillArgs): Promise<Figures> {
  const cycles = args.cycles ?? (args.short ? 1 : 3);
  const [minUpMs, maxUpMs] = args.short ? [3_000, 6_000] : [4_000, 12_000];
  const run = await startUnderLoad("term", args);
  const { app, load, random, dataDir, startedAt, workDir } = run;

  const stops: Array<Record<string, unknown> & { signalAt: number; shutdownSeenAt: number | null; exitAt: number }> = [];
  for (let n = 1; n <= cycles; n++) {
    const upMs = Math.round(minUpMs + random() * (maxUpMs - minUpMs));
    await sleep(upMs);
    // Under load: the signal goes out once a request is in flight (waiting at most 2 s for one).
    await waitUntil(() => load.requestsInFlight > 0, 2_000, 1);
    const unansweredAtSignal = load.unanswered();
    const requestsInFlightAtSignal = load.requestsInFlight;
    const outputBefore = app.output().length;
    say(`SIGTERM ${n}/${cycles} after ${upMs} ms up, ${unansweredAtSignal} deliveries unanswered`);
    const signalAt = Date.now();
    const stopped = app.stop("SIGTERM", 60_000);
    let exited = false;
    void stopped.then(() => {
      exited = true;
    });
    // The server logs "shutting down" as it stops listening: from then on new connections are refused.
    let shutdownSeenAt: number | null = null;
    void waitUntil(() => exited || app.output().slice(outputBefore).includes("shutting down"), 60_000, 10).then(() => {
      if (!exited) shutdownSeenAt = Date.now();
    });
    const probes: Record<string, number> = {};
    let probesAccepted = 0;
    while (!exited) {
      const seen = shutdownSeenAt;
      const result = await probe(app.baseUrl);
      if (seen !== null && !exited) {
        probes[result] = (probes[result] ?? 0) + 1;
        if (/^2\d\d$/.test(result)) probesAccepted++;
      }
      await sleep(100);
    }
    const exit = await stopped;
    const exitAt = Date.now();
    stops.push({
      n,
      atS: Math.round((signalAt - startedAt) / 100) / 10,
      upMs,
      unansweredAtSignal,
      requestsInFlightAtSignal,
      shutdownSeenAfterMs: shutdownSeenAt === null ? null : (shutdownSeenAt as number) - signalAt,
      exitCode: exit.code,
      exitMs: exit.ms,
      forcedKill: exit.forced,
      newConnectionProbes: probes,
      probesAccepted,
      signalAt,
      shutdownSeenAt,
      exitAt,
    });
    await app.start();
  }
  await sleep(args.short ? 3_000 : 5_000);
  say("stopping the load; waiting for every delivery to be answered");
  await load.drain(args.short ? 30_000 : 90_000);

  const db = embeddedDbOf(dataDir);
  if (!db) throw new Error("the embedded database is not running after the last restart");
  const verdict = await verifyUnderLoad(run, withDatabaseName(db.uri));
  const lostSeqs = new Set(Object.values(verdict.lostSeqs).flat());
  const perStop = stops.map(({ signalAt, shutdownSeenAt, exitAt, ...stop }) => {
    // Attempts answered 2xx between the signal and the exit: the requests the shutdown let finish.
    const during = load.deliveries.filter((d) =>
      d.attempts.some((a) => a.status !== null && a.status < 300 && a.at + a.ms >= signalAt && a.at + a.ms <= exitAt),
    );
    // Requests sent once the server had said it was shutting down (100 ms after the drill saw the
    // line, for the signal's own race), and still taken: on connections kept alive, not refused.
    const lateAccepted =
      shutdownSeenAt === null
        ? []
        : load.deliveries.filter((d) =>
            d.attempts.some((a) => a.status !== null && a.status < 300 && a.at > shutdownSeenAt + 100 && a.at < exitAt),
          );
    const cutOff = load.deliveries.filter((d) =>
      d.attempts.some((a) => a.status === null && a.at < signalAt && a.at + a.ms >= signalAt && a.error !== "ECONNREFUSED"),
    );
    return {
      ...stop,
      answered2xxDuringShutdown: during.length,
      answeredDuringShutdownButIncomplete: during.filter((d) => lostSeqs.has(d.seq)).length,
      requestsInFlightCutOff: cutOff.length,
      acceptedAfterShutdownBegan: lateAccepted.length,
    };
  });
  const cleanExits = stops.every((s) => s.exitCode === 0 && !s.forcedKill);
  const refusedNew = stops.every((s) => s.probesAccepted === 0);
  const refusedNewRequests = perStop.every((s) => s.acceptedAfterShutdownBegan === 0);
  return {
    drill: "term",
    passed: verdict.passed && cleanExits && refusedNew && refusedNewRequests,
    checks: {
      nothingLost: verdict.passed,
      exitedByItself: cleanExits,
      newConnectionsRefused: refusedNew,
      newRequestsRefused: refusedNewRequests,
    },
    config: drillConfig(args, { cycles, upMs: [minUpMs, maxUpMs] }),
    stops: perStop,
    load: load.summary(),
    verdict: printable(verdict),
    workDir,
  };
}
