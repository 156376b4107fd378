import { sealSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";

/**
 * An endpoint's custom headers as stored: values often carry the receiver's credentials (an API key,
 * a bearer token), so the whole map is sealed like the signing secret. The associated data names the
 * field as well as the endpoint, so the sealed secret can never be read back as headers (or the reverse).
 */
export function sealEndpointHeaders(endpointId: string, headers: Record<string, string>): string {
  return sealSecret(JSON.stringify(headers), getEnv().APP_SECRET, `${endpointId}:headers`);
}
