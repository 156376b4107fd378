import mongoose from "mongoose";

// One connection per process, kept on globalThis so Next's bundle, dev reloads and
// server.ts all share it instead of opening a new pool each time a module is re-evaluated.
const globalForDb = globalThis as unknown as { __pulseboardDb?: Promise<typeof mongoose> };

export function connectDb(uri: string): Promise<typeof mongoose> {
  globalForDb.__pulseboardDb ??= mongoose
    .connect(uri, {
      serverSelectionTimeoutMS: 5_000,
      // Fail fast while the database is down (503 + Retry-After) instead of queueing writes.
      bufferCommands: false,
      // Indexes are created once at start by ensureIndexes(), not lazily per model.
      autoIndex: false,
    })
    .catch((error: unknown) => {
      globalForDb.__pulseboardDb = undefined;
      throw error;
    });
  return globalForDb.__pulseboardDb;
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

export async function disconnectDb(): Promise<void> {
  if (!globalForDb.__pulseboardDb) return;
  globalForDb.__pulseboardDb = undefined;
  await mongoose.disconnect();
}
