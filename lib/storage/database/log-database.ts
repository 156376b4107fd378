import mongoose, { type Connection } from "mongoose";

// The records derived from each accepted event live in a second database beside the main one,
// `<main>_log`: the delivery log (webhook_events) and its accepted-deliveries window, the activity
// log's streams and the dashboard's facts. On the embedded FerretDB each database is its own
// SQLite file with its own single writer, so these writes run in parallel with the main
// database's (the order, payment or notification) instead of after them: lib/storage/embedded/insert-batched.ts
// keeps one write lane per database. (Measured: one such database or three made no difference.)
// On MongoDB it is simply a second database on the same connection.

export function logDatabaseName(mainDatabaseName: string): string {
  return `${mainDatabaseName}_log`;
}

/** The log database on the process's connection (same pool); valid once connected. */
export function logConnection(): Connection {
  // biome-ignore lint/correctness/useHookAtTopLevel: mongoose's useDb, not a React hook.
  return mongoose.connection.useDb(logDatabaseName(mongoose.connection.name), { useCache: true });
}
