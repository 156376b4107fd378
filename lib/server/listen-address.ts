import { services } from "@/lib/services/registry";

// Where this process's HTTP server listens, set by server.ts once it does. The settings page's
// test webhook posts to it over loopback, so it crosses the same node:http ingest as any platform.

export function setListenAddress(host: string, port: number): void {
  services().listenAddress = { host, port };
}

/** `http://<host>:<port>` reachable from this process, or null before the server listens. */
export function localBaseUrl(): string | null {
  const address = services().listenAddress;
  if (!address) return null;
  const host = address.host === "0.0.0.0" || address.host === "::" || address.host === "" ? "127.0.0.1" : address.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
}
