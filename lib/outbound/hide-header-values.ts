import type { EndpointView } from "@/lib/outbound/schemas";

/** What a member (read-only) sees of an endpoint: custom header values often carry credentials. */
export function hideHeaderValues(endpoint: EndpointView): EndpointView {
  return { ...endpoint, headers: Object.fromEntries(Object.keys(endpoint.headers).map((name) => [name, "••••••"])) };
}
