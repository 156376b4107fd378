import { isMainThread } from "node:worker_threads";

// Loaded into a server under test with `--import` (startApp's `nodeArgs`; never imported by a
// test, whose own clock it would move): the process's clock reads SIMULATED_CLOCK_OFFSET_MS ahead
// of the machine's (behind when negative), and each SIGUSR2 moves it on by one day. Nothing in the
// app takes a clock: an order, a payment, a dashboard fact or an activity entry is stamped with
// `new Date()` where it is stored, so a test that ingests over several days moves the server's
// `Date` itself. The server prints `Simulated clock: <ISO time> (<n> day(s) on)` after each move.
// Worker threads (the outbound POSTs) keep the starting offset: signals reach the main thread only.
// Mongoose reads its connection as down until the driver's next heartbeat after a move (its
// `readyState` compares the last heartbeat with `Date.now()`): wait for /api/webhooks/health.

const DAY_MS = 86_400_000;
const RealDate = Date;
let offsetMs = Number(process.env.SIMULATED_CLOCK_OFFSET_MS ?? 0);
let moves = 0;
const now = () => RealDate.now() + offsetMs;

globalThis.Date = new Proxy(RealDate, {
  // `new Date()` is now; `new Date(x)` is x, as always.
  construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
  // `Date()` called without `new` gives the current time as a string.
  apply: () => new RealDate(now()).toString(),
  get: (target, key, receiver) => (key === "now" ? now : Reflect.get(target, key, receiver)),
});

if (isMainThread) {
  process.on("SIGUSR2", () => {
    offsetMs += DAY_MS;
    moves += 1;
    process.stdout.write(`Simulated clock: ${new Date().toISOString()} (${moves} day(s) on)\n`);
  });
}
