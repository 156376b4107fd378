import { ConfigError } from "@/lib/env";

/** Start-up failures print one clear line (no stack) and exit 1; anything else is a bug and keeps its stack. */
export function exitOnStartFailure(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof Error && (error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    process.stderr.write(`Cannot listen: ${error.message.replace(/^listen /, "")} (is another process using this PORT?)\n`);
  } else if (
    error instanceof Error &&
    /Cannot connect to the database|production build|^Migration \S+ failed|^Migrations are locked/i.test(error.message)
  ) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Pulseboard failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}
