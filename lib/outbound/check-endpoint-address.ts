import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { blockedAddressReason } from "@/lib/outbound/blocked-address-reason";

// How long saving an endpoint waits for its name to resolve: past this, the save goes ahead and the
// delivery's own check (at every connection, lib/outbound/post-to-endpoint.ts) still applies.
const LOOKUP_TIMEOUT_MS = 2_000;

/**
 * Refuses, when it is saved, an endpoint URL that a delivery would refuse (SSRF guard): a literal
 * address, or a name resolving to one, that is link-local, metadata, reserved, or private/loopback
 * without OUTBOUND_ALLOW_PRIVATE. A name that does not resolve (yet) is accepted: deliveries to it
 * fail and are logged until it does. Deliveries check again at every connection (DNS rebinding).
 */
export async function checkEndpointAddress(url: string): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const allowPrivate = getEnv().OUTBOUND_ALLOW_PRIVATE;
  const refuse = (what: string) => {
    const message = `Endpoint URL refused: ${what}; deliveries never go there${allowPrivate ? "" : " (private and loopback addresses need OUTBOUND_ALLOW_PRIVATE)"}`;
    throw new AppError("bad_request", message, [{ path: "url", message: "is an address deliveries never go to" }]);
  };
  if (isIP(host)) {
    const reason = blockedAddressReason(host, allowPrivate);
    if (reason) refuse(`${host} is ${reason}`);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const addresses = await Promise.race([
    lookup(host, { all: true }).catch(() => []),
    new Promise<[]>((resolve) => {
      timer = setTimeout(() => resolve([]), LOOKUP_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  for (const { address } of addresses) {
    const reason = blockedAddressReason(address, allowPrivate);
    if (reason) refuse(`${host} resolves to ${address}, ${reason}`);
  }
}
