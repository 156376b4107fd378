import { setTimeout as sleep } from "node:timers/promises";
import mongoose from "mongoose";

// How long the driver's own monitor gets to find the database again before it is restarted.
const MONITOR_GRACE_MS = 2_500;
// And how long each later restart gets, should the connection still be down.
const RESTART_AGAIN_MS = 10_000;

/**
 * Makes the driver find a database that came back now rather than at its next heartbeat (10 s):
 * it checks a lost server early only while an operation waits for one, and our routes ask
 * `isDbConnected()` first, so none would. A check that starts while the old server is still dying
 * fails (after the connect timeout), so this keeps asking until the connection is up again or
 * `withinMs` has passed. Never throws.
 */
export async function wakeDatabaseConnection(
  withinMs = 30_000,
  log: (line: string) => void = () => {},
  signal?: AbortSignal,
): Promise<void> {
  const started = Date.now();
  const deadline = started + withinMs;
  // Restarted once the grace has passed, then every RESTART_AGAIN_MS while still down: a database
  // that stays away longer than the grace is still met by a monitor restarted since, and a monitor
  // connecting slowly (a loaded machine, the 3 s connect timeout of the embedded one) is left to finish.
  let nextRestart = started + MONITOR_GRACE_MS;
  let logged = false;
  while (mongoose.connection.readyState !== mongoose.ConnectionStates.connected && Date.now() < deadline && !signal?.aborted) {
    // Before the first connect, and after our own disconnect, there is no client to wake.
    const client = mongoose.connection.getClient() as ReturnType<typeof mongoose.connection.getClient> | undefined;
    if (!client) return;
    if (Date.now() >= nextRestart && restartServerMonitors(client)) {
      nextRestart = Date.now() + RESTART_AGAIN_MS;
      if (!logged) log("Database monitor restarted: it was still waiting on the connection to the database that died");
      logged = true;
    }
    const asked = Date.now();
    await client
      .db("admin")
      .command({ ping: 1 }, { timeoutMS: 1_000 })
      .catch(() => undefined);
    // The driver's monitor checks at most every 500 ms. Never what keeps a stopping process alive.
    await sleep(Math.max(0, 500 - (Date.now() - asked)), undefined, { ref: false });
  }
}

type ServerMonitor = { close(): void; connect(): void };

/**
 * The driver (mongodb 7.8) can lose its server monitor when the database dies: a heartbeat that
 * starts on the monitor's connection after the socket was destroyed but before its 'close' event
 * writes into the dead socket and waits for a 'drain' that never comes — no timeout covers it, so
 * the server stays "unknown" and every operation fails server selection while the database that
 * replaced it is up (seen in the relaunch test under load: no connection attempt for 15 s).
 * Closing and starting the monitor again drops that check. The monitors are not public API: when
 * their shape is not found this does nothing and answers false.
 */
function restartServerMonitors(client: ReturnType<typeof mongoose.connection.getClient>): boolean {
  const servers = (client as unknown as { topology?: { s?: { servers?: Map<string, { monitor?: ServerMonitor | null }> } } })
    .topology?.s?.servers;
  const monitors = [...(servers?.values() ?? [])].flatMap((server) =>
    server.monitor && typeof server.monitor.close === "function" && typeof server.monitor.connect === "function"
      ? [server.monitor]
      : [],
  );
  for (const monitor of monitors) {
    monitor.close();
    monitor.connect();
  }
  return monitors.length > 0;
}
