import { parentPort } from "node:worker_threads";
import { postDirect } from "@/lib/outbound/post-to-endpoint";

// A worker thread of the server (lib/outbound/start-http-threads.ts): it makes the outbound POSTs
// it is handed, with the same SSRF-guarded client, and answers each with its outcome. It holds
// no state, no database and no sockets of the app.
parentPort?.on("message", (message: { id: number; input: Parameters<typeof postDirect>[0] }) => {
  void postDirect(message.input).then((result) => parentPort?.postMessage({ id: message.id, result }));
});
