import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };
// tests/integration/storage/ picks its adapters itself (the contract suites run both, the
// collection count runs the mongodb one), and so does cluster.test.ts (several processes need the
// mongodb adapter), so one pass of the integration suite runs them:
// STORAGE_SUITES=skip leaves it out (`npm test` runs it in the embedded pass, scripts/test.sh);
// by default the pass with STORAGE=mongodb (`npm run test:integration:mongodb`) leaves it out.
const storageSuites = process.env.STORAGE_SUITES ?? (process.env.STORAGE === "mongodb" ? "skip" : "run");
const adapterChosenByTest = storageSuites === "skip" ? ["tests/integration/storage/**", "tests/integration/cluster.test.ts"] : [];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...adapterChosenByTest],
          environment: "node",
          globalSetup: ["tests/support/integration-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: files run one after another, each against the shared server.
          fileParallelism: false,
          // One module graph for the pass: each file importing its own cost 23-41 s of a pass
          // (vitest's "import" time; 3.5 s shared). The files talk to servers; what they import
          // (samples, schemas, storage adapters they open and close themselves) keeps nothing between them.
          isolate: false,
        },
      },
    ],
  },
});
