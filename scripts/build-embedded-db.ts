import { ensureEmbeddedDbBinary, launcherBinary } from "@/lib/storage/database/embedded";

// `npm run db:build`: builds the FerretDB launcher ahead of time (CI does this before the tests).
try {
  ensureEmbeddedDbBinary((line) => console.log(line));
  console.log(`Embedded database launcher ready: ${launcherBinary()}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
