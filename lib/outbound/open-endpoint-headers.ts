import { openSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import type { OutboundEndpointRecord } from "@/lib/storage/ports/outbound";

/**
 * An endpoint's custom headers in clear. Endpoints saved before headers were sealed keep them in
 * plaintext until their next change (lib/outbound/update-endpoint.ts seals them then).
 */
export function openEndpointHeaders(
  endpoint: Pick<OutboundEndpointRecord, "id" | "headersSealed" | "legacyHeaders">,
): Record<string, string> {
  if (endpoint.headersSealed)
    return JSON.parse(openSecret(endpoint.headersSealed, getEnv().APP_SECRET, `${endpoint.id}:headers`)) as Record<
      string,
      string
    >;
  return endpoint.legacyHeaders;
}
