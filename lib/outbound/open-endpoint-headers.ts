import { openSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";

type StoredHeaders = { _id: unknown; headers?: unknown; headersSealed?: string | null };

/**
 * An endpoint's custom headers in clear. Endpoints saved before headers were sealed keep them in
 * plaintext `headers` until their next change (lib/outbound/update-endpoint.ts seals them then).
 */
export function openEndpointHeaders(doc: StoredHeaders): Record<string, string> {
  if (doc.headersSealed)
    return JSON.parse(openSecret(doc.headersSealed, getEnv().APP_SECRET, `${String(doc._id)}:headers`)) as Record<string, string>;
  return (doc.headers ?? {}) as Record<string, string>;
}
