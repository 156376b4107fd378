import { freePort } from "../../tests/support/app-process";
import { Load } from "./load";
import { startOwnRedis } from "./redis-server";
import { AppSlot, type DrillArgs, drillWorkDir, probe, seededRandom, waitUntil } from "./stack";
import { createDrillTenant, type DrillTenant } from "./tenant";
import { openRawDb, type Verdict, verifyDeliveries } from "./verify";

// The skeleton the kill, term and db drills share: a work folder, a redis-server of the drill's
// own, the app on both, a tenant, and the steady load of signed deliveries with retries; at the
// end, every delivery checked against what the database holds.

export type UnderLoad = {
  workDir: string;
  dataDir: string;
  random: () => number;
  redis: { url: string; stop: () => Promise<void> };
  app: AppSlot;
  tenant: DrillTenant;
  load: Load;
  startedAt: number;
};

export async function startUnderLoad(
  name: string,
  args: DrillArgs,
  options: { seed?: number; env?: Record<string, string | undefined> } = {},
): Promise<UnderLoad> {
  const random = seededRandom(options.seed ?? args.seed);
  const { workDir, dataDir, runId } = drillWorkDir(name);
  const redis = await startOwnRedis();
  const app = new AppSlot(workDir, await freePort(), {
    DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    OUTBOUND_REDIS_URL: redis.url,
    REDIS_PREFIX: `drill-${runId}`,
    STORAGE: args.storage,
    ...options.env,
  });
  await app.start();
  const tenant = await createDrillTenant(app.baseUrl);
  const load = new Load({
    baseUrl: app.baseUrl,
    tenantId: tenant.session.tenantId,
    secret: tenant.secret,
    runId,
    rate: args.rate ?? 20,
    random,
  });
  const startedAt = Date.now();
  load.start();
  return { workDir, dataDir, random, redis, app, tenant, load, startedAt };
}

/** Every delivery of the load against the database at `uri` (the app's log is saved beside). */
export async function verifyUnderLoad(run: UnderLoad, uri: string): Promise<Verdict> {
  const raw = await openRawDb(uri);
  try {
    const verdict = await verifyDeliveries({
      session: run.tenant.session,
      raw,
      deliveries: run.load.deliveries,
      startedAt: run.startedAt,
    });
    run.app.saveLog();
    return verdict;
  } finally {
    await raw.close();
  }
}

/** Probes the health route until it answers 200 or `withinMs` pass: whether it did, and the answers seen. */
export async function waitHealthy(
  baseUrl: string,
  withinMs: number,
  stepMs: number,
): Promise<{ recovered: boolean; probes: Record<string, number> }> {
  const probes: Record<string, number> = {};
  const recovered = await waitUntil(
    async () => {
      const status = await probe(baseUrl);
      probes[status] = (probes[status] ?? 0) + 1;
      return status === "200";
    },
    withinMs,
    stepMs,
  );
  return { recovered, probes };
}

/** The run's settings as a drill prints them, with the drill's own beside. */
export function drillConfig(args: DrillArgs, own: Record<string, unknown>): Record<string, unknown> {
  return {
    form: args.short ? "short" : "long",
    ...own,
    rate: args.rate ?? 20,
    seed: args.seed,
    storage: args.storage ?? "auto",
  };
}
