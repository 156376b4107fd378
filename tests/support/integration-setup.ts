import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startEmbeddedDb } from "@/lib/storage/database/embedded";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { startApp, tempDir } from "./app-process";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    mongoUri: string;
  }
}

// One fresh embedded database (temporary folder, free port) and one real server for the
// suite; tests isolate themselves with a fresh tenant each, and start extra servers when
// they need to stop or misconfigure one.
export default async function setup(project: TestProject) {
  const dataDir = tempDir("it-db");
  const db = await startEmbeddedDb({ dataDir, advertise: false });
  const mongoUri = withDatabaseName(db.uri, "pulseboard_it");
  const app = await startApp({ env: { MONGODB_URI: mongoUri } });
  project.provide("baseUrl", app.baseUrl);
  project.provide("mongoUri", mongoUri);
  return async () => {
    await app.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
