import { rmSync } from "node:fs";
import { startApp, tempDir } from "./app-process";

// The app exactly as an operator starts it: no MONGODB_URI, so it runs its own embedded
// database in a fresh data folder, which the CLI in the tests shares through DATA_DIR.
export default async function globalSetup() {
  const dataDir = tempDir("e2e");
  // A short rotation grace period, so a test can watch a replaced secret stop working; outbound
  // endpoints may be loopback receivers the tests start, retried quickly and alerted on after
  // three failures, so a test can watch an endpoint's failure streak.
  const app = await startApp({
    env: {
      DATA_DIR: dataDir,
      WEBHOOK_SECRET_GRACE_S: "4",
      OUTBOUND_ALLOW_PRIVATE: "true",
      OUTBOUND_RETRY_BASE_MS: "100",
      ALERT_FAILURE_STREAK: "3",
    },
  });
  process.env.E2E_BASE_URL = app.baseUrl;
  process.env.E2E_DATA_DIR = dataDir;
  return async () => {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
