import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { bootServices } from "@/lib/server/boot-services";
import { exitOnStartFailure } from "@/lib/server/start-failure";
import { disconnectDb } from "@/lib/storage/database/connect";
import { ensureDemoTenant } from "@/lib/tenants/ensure-demo-tenant";
import { simulateTraffic } from "@/lib/webhooks/simulate-traffic";
import { bundlePath, ensureServerBundle } from "./server-bundle";

// `npm run demo`: build if needed, start the embedded database, make sure the demo tenant
// and admin exist, then run the production server on that database and print how to sign in.

async function main() {
  const env = getEnv();
  const traffic = !process.argv.includes("--no-traffic");
  const say = (line: string) => console.log(`[demo] ${line}`);

  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    say("No production build yet: running `next build` (about a minute, first run only)…");
    const build = spawnSync("npx", ["next", "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) throw new Error("The production build failed (see above).");
  }

  const services = await bootServices(env, say);
  const demo = await ensureDemoTenant();
  // The server opens its own connection; this process only keeps the embedded database alive. Its
  // storage is never closed: that would write down a filter of notification causes
  // (lib/storage/embedded/stored-causes.ts) lacking what the server stores.
  await disconnectDb();

  // The server `npm start` runs (its bundle, rebuilt if a source is newer): half tsx's start-up time.
  ensureServerBundle();
  const server = spawn(process.execPath, [bundlePath("server")], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      MONGODB_URI: services.database.uri,
      // Derived from the data folder, as the CLI's is: from the embedded database's URI (a new port
      // on each start) the server would lose its queued retries at every restart and never see the
      // CLI's jobs.
      REDIS_PREFIX: env.REDIS_PREFIX,
      APP_SECRET: env.APP_SECRET,
      PORT: String(env.PORT),
      BASE_URL: env.BASE_URL,
    },
  });

  let banner = false;
  let stopTraffic = () => {};
  server.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!banner && chunk.toString().includes("Pulseboard listening")) {
      banner = true;
      console.log(
        [
          "",
          "  Pulseboard demo is running",
          `  Open        ${env.BASE_URL}/sign-in`,
          `  Email       ${demo.adminEmail}`,
          `  Password    ${demo.adminPassword}`,
          `  Tenant      ${demo.name} (${demo.tenantId})`,
          `  Webhook secret  ${demo.webhookSecret}`,
          "",
          traffic ? "  Simulated store traffic is on (orders, payments, low-stock alerts); --no-traffic turns it off." : "",
          "  Press Ctrl-C to stop.",
          "",
        ].join("\n"),
      );
      if (traffic)
        stopTraffic = simulateTraffic({
          baseUrl: `http://127.0.0.1:${env.PORT}`,
          tenantId: demo.tenantId,
          secret: demo.webhookSecret,
          log: say,
        });
    }
  });

  const stop = (signal: NodeJS.Signals) => {
    stopTraffic();
    if (server.exitCode === null) server.kill(signal);
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));

  const code = await new Promise<number | null>((resolve) => server.once("exit", (c) => resolve(c)));
  await services.database.stop();
  process.exit(code ?? 0);
}

main().catch(exitOnStartFailure);
