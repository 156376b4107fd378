// Where this process's HTTP server listens, set by server.ts once it does. The settings page's
// test webhook posts to it over loopback, so it crosses the same node:http ingest as any platform.

const globalForAddress = globalThis as unknown as { __pulseboardListen?: { host: string; port: number } };

export function setListenAddress(host: string, port: number): void {
  globalForAddress.__pulseboardListen = { host, port };
}

/** `http://<host>:<port>` reachable from this process, or null before the server listens. */
export function localBaseUrl(): string | null {
  const address = globalForAddress.__pulseboardListen;
  if (!address) return null;
  const host = address.host === "0.0.0.0" || address.host === "::" || address.host === "" ? "127.0.0.1" : address.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
}
