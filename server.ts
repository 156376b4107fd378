import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { ConfigError, getEnv } from "@/lib/env";
import { stampClientAddress } from "@/lib/http/client-address";
import { getLogger } from "@/lib/logger";
import { connectRedisAdapter } from "@/lib/realtime/connect-redis-adapter";
import { createSocketServer } from "@/lib/realtime/create-socket-server";
import { closeRedis, warmRedis } from "@/lib/redis/get-redis";
import { bootServices } from "@/lib/server/boot-services";
import { createHotPathRouter } from "@/lib/server/create-hot-path-router";
import { gateNextUpgrades } from "@/lib/server/gate-next-upgrades";
import { installGracefulShutdown } from "@/lib/server/graceful-shutdown";
import { setListenAddress } from "@/lib/server/listen-address";
import { runClusterPrimary } from "@/lib/server/run-cluster-primary";
import { exitOnStartFailure } from "@/lib/server/start-failure";
import { storageChoice } from "@/lib/storage/registry";
import { eventsRunningHere } from "@/lib/webhooks/ingest/events-running-here";

async function main() {
  const env = getEnv();
  const log = getLogger();
  const dev = !env.isProduction;
  if (!dev && !existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No production build found: run `npm run build` first (or `npm run demo`, which builds).");
  }

  // WEB_CONCURRENCY > 1: this process only starts and supervises the workers, each running what follows.
  if (env.WEB_CONCURRENCY > 1 && cluster.isPrimary) return runClusterPrimary(env, log);

  const services = await bootServices(env, (line) => log.info(line), { outbound: "worker" });
  // STORAGE=auto on FerretDB takes the embedded adapter, which one process serves: known only now.
  if (cluster.isWorker && storageChoice()?.kind !== "mongodb")
    throw new ConfigError(
      `Invalid configuration: WEB_CONCURRENCY above 1 needs the mongodb storage adapter (this database chose ${storageChoice()?.kind}; set STORAGE=mongodb)`,
    );
  await warmRedis();
  // Connects while Next prepares: a busy boot must not make a reachable Redis look unreachable.
  const realtimeRedis = env.REDIS_URL
    ? connectRedisAdapter(env.REDIS_URL, log.child({ component: "realtime" }))
    : Promise.resolve(null);
  const upgrades = gateNextUpgrades();
  const app = next({ dev, dir: process.cwd(), hostname: env.HOST, port: env.PORT, httpServer: upgrades.forNext });
  await app.prepare();
  const handle = app.getRequestHandler();

  const hotPaths = createHotPathRouter();
  const server = createServer((req, res) => {
    if (!admitRequest(req, res)) return;
    stampClientAddress(req, env.TRUST_PROXY);
    if (!hotPaths(req, res)) void handle(req, res);
  });
  upgrades.attach(server);
  const sockets = createSocketServer(server, await realtimeRedis);
  // Installed before the server listens: from the signal on, requests on kept-alive connections are refused too.
  const admitRequest = installGracefulShutdown({
    server,
    log,
    settleEffects: () => eventsRunningHere.settle(),
    closeSockets: sockets.close,
    closeServices: async () => {
      await closeRedis();
      // The effects were given their 10 s in the shutdown's own step: what did not settle then (the
      // database gone) would not settle in a second wait either.
      await services.close({ effectsTimeoutMs: 0 });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  setListenAddress(env.HOST, port);
  // Under the cluster the primary says it once every process listens.
  if (cluster.isWorker) log.info({ port, pid: process.pid }, "server process ready");
  else
    log.info(
      { port, baseUrl: env.BASE_URL, embeddedDb: services.database.embedded, dev },
      `Pulseboard listening on port ${port}`,
    );
}

main().catch(exitOnStartFailure);
