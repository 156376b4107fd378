import type { IncomingMessage } from "node:http";

/**
 * server.ts writes the client address it computed into this header of every request before Next
 * sees it (replacing whatever the client sent), so route handlers and better-auth read one value.
 */
export const CLIENT_ADDRESS_HEADER = "x-pulseboard-client-address";

/**
 * The address to rate-limit: the socket's, or with `trustProxy` = N (N proxies of ours in front)
 * the Nth entry from the right of X-Forwarded-For, which the nearest trusted proxy wrote. Entries
 * further left are the client's own words.
 */
export function clientAddressOf(req: IncomingMessage, trustProxy: number): string {
  const socketAddress = req.socket.remoteAddress ?? "unknown";
  if (trustProxy <= 0) return socketAddress;
  const raw = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // [socket, nearest proxy's entry, …]: N trusted hops make index N the client.
  const chain = [socketAddress, ...hops.reverse()];
  return chain[Math.min(trustProxy, chain.length - 1)] ?? socketAddress;
}

/** Stamps the request for Next's side; a client-sent header of the same name never survives. */
export function stampClientAddress(req: IncomingMessage, trustProxy: number): string {
  const address = clientAddressOf(req, trustProxy);
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  return address;
}

/** The stamped address in a route handler. */
export function clientAddressFrom(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
