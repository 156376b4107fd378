import mongoose from "mongoose";
import { wakeDatabaseConnection } from "@/lib/storage/database/wake-database-connection";

// How long one wake-up keeps asking; a database away longer is found by the driver's own heartbeat.
const WAKE_WITHIN_MS = 10 * 60_000;

/**
 * For a database the server does not start itself (MONGODB_URI): each time the connection is lost,
 * the wake-up an embedded relaunch gets (wake-database-connection.ts). The driver's monitor can be
 * left waiting on its connection to the database that died (docs/reliability.md, finding 6); the
 * `db` drill's external phase saw health answer 503 for 20 s after the database was back. Returns
 * the function that stops it (before the connection is closed on purpose).
 */
export function wakeOnDisconnect(log: (line: string) => void): () => void {
  const controller = new AbortController();
  let waking = false;
  const onDisconnected = () => {
    if (waking) return;
    waking = true;
    void wakeDatabaseConnection(WAKE_WITHIN_MS, log, controller.signal).finally(() => {
      waking = false;
    });
  };
  mongoose.connection.on("disconnected", onDisconnected);
  return () => {
    controller.abort();
    mongoose.connection.off("disconnected", onDisconnected);
  };
}
