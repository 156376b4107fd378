import { defineConfig } from "@playwright/test";

// `npm test` runs the browser suite in two halves, one per lane (scripts/test.sh), balanced by
// their measured times: E2E_PART=second runs these files, E2E_PART=first every other one (a new
// file joins the first half), unset runs all.
const SECOND_PART = [
  "notifications",
  "webhook-settings",
  "auth",
  "notification-preferences",
  "activity",
  "dashboard",
  "sources",
  "general-settings",
  "outbound-unavailable",
  "members",
  "cluster",
].map((name) => `**/${name}.spec.ts`);
const part = process.env.E2E_PART;

// Debian's Chromium, never a downloaded browser; the flags keep it off this closed network.
export default defineConfig({
  testDir: "tests/e2e",
  ...(part === "second" ? { testMatch: SECOND_PART } : part === "first" ? { testIgnore: SECOND_PART } : {}),
  globalSetup: "./tests/support/e2e-setup.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // One folder per adapter: CI runs the suite on both at once, and each run empties its own.
  outputDir: `test-results/${process.env.STORAGE === "mongodb" ? "mongodb" : "embedded"}`,
  use: {
    // Set by the global setup, which starts the app on a free port.
    baseURL: process.env.E2E_BASE_URL,
    // Not in CI: recording every test (screenshots and snapshots of passing ones too) made the
    // accessibility spec a quarter slower here, and a CI run's files are not kept; its log names
    // each failure.
    trace: process.env.CI ? "off" : "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
});
