import { setTimeout as sleep } from "node:timers/promises";
import mongoose from "mongoose";

/**
 * Makes the driver find a database that came back now rather than at its next heartbeat (10 s):
 * it checks a lost server early only while an operation waits for one, and our routes ask
 * `isDbConnected()` first, so none would. A check that starts while the old server is still dying
 * fails (after the connect timeout), so this keeps asking until the connection is up again or
 * `withinMs` has passed. Never throws.
 */
export async function wakeDatabaseConnection(withinMs = 30_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (mongoose.connection.readyState !== mongoose.ConnectionStates.connected && Date.now() < deadline) {
    // Before the first connect, and after our own disconnect, there is no client to wake.
    const client = mongoose.connection.getClient() as ReturnType<typeof mongoose.connection.getClient> | undefined;
    if (!client) return;
    const asked = Date.now();
    await client
      .db("admin")
      .command({ ping: 1 }, { timeoutMS: 1_000 })
      .catch(() => undefined);
    // The driver's monitor checks at most every 500 ms.
    await sleep(Math.max(0, 500 - (Date.now() - asked)));
  }
}
