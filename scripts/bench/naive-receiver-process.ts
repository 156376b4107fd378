import { startNaiveReceiver } from "./naive-receiver";

// The naive receiver (naive-receiver.ts) in a process of its own: a platform's request reaches it
// and its push leaves it across processes, as they reach and leave Pulseboard's server, where the
// one in the bench process answers its own load generator and client inside one event loop.
// The database and secret come in the environment (not argv, which any local user can list).
const mongoUri = process.env.NAIVE_MONGODB_URI;
const secret = process.env.NAIVE_SECRET;
if (!mongoUri || !secret) throw new Error("NAIVE_MONGODB_URI and NAIVE_SECRET are required");
const receiver = await startNaiveReceiver({ mongoUri, secret });
console.log(`naive receiver listening at ${receiver.url}`);
process.on("SIGTERM", () => {
  void receiver.stop().finally(() => process.exit(0));
});
