import mongoose from "mongoose";
import { services } from "@/lib/services/registry";

// One connection per process, kept in the services registry (lib/services/registry.ts) so Next's
// bundle, dev reloads and server.ts all share it instead of opening a new pool each time a module
// is re-evaluated.
/** The connection the services registry keeps (lib/services/registry.ts). */
export type DatabaseConnection = typeof mongoose;

export function connectDb(uri: string, options: { embedded?: boolean } = {}): Promise<DatabaseConnection> {
  const slots = services();
  slots.database ??= mongoose
    .connect(uri, {
      serverSelectionTimeoutMS: 5_000,
      // The embedded database is a child process on loopback: a connection or a hello that takes
      // seconds means it is gone. The driver's monitor can be left waiting on a connection to a
      // database that was just killed, for this long (30 s by default), before it looks at the one
      // started again in its place (docs/reliability.md, finding 6).
      // While the server is down nothing here runs an operation (the hot path and the health
      // check answer 503 on the connection's state), so only the monitor's next heartbeat sees the
      // database started again: 10 s apart by default, which made a relaunch take up to 10 s more
      // than FerretDB's own start (the relaunch test failed under load at 15 s). A hello a second
      // to a child process on loopback costs nothing.
      ...(options.embedded ? { connectTimeoutMS: 3_000, heartbeatFrequencyMS: 1_000 } : {}),
      // Fail fast while the database is down (503 + Retry-After) instead of queueing writes.
      bufferCommands: false,
      // Indexes are created once at start by ensureIndexes(), not lazily per model.
      autoIndex: false,
    })
    .catch((error: unknown) => {
      slots.database = undefined;
      throw error;
    });
  return slots.database;
}

/** The native driver handle (better-auth's adapter uses it); throws if start-up has not connected yet. */
export function getNativeDb() {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) throw new Error("Database is not connected");
  return db;
}

export function isDbConnected(): boolean {
  return mongoose.connection.readyState === 1;
}

/**
 * Whether the database answers now: the connection's state lags a dead server by a heartbeat,
 * a ping tells the truth (health checks).
 */
export async function pingDatabase(timeoutMS = 1000): Promise<boolean> {
  if (!isDbConnected()) return false;
  return (
    (await mongoose.connection.db
      ?.admin()
      .ping({ timeoutMS })
      .then(() => true)
      .catch(() => false)) ?? false
  );
}

export async function disconnectDb(): Promise<void> {
  const slots = services();
  if (!slots.database) return;
  slots.database = undefined;
  await mongoose.disconnect();
}
