import { actorOf } from "@/lib/activity/actor-of";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { retryOutboundDeliveries } from "@/lib/outbound/retry-outbound-deliveries";
import { retryDeliveriesSchema } from "@/lib/outbound/schemas";

export const dynamic = "force-dynamic";

/** `{ids}` picked in the log, or `{since, endpointId?}` for everything that failed since → 202 `{queued, skipped, more}` (the attempts run on the queue). */
export const POST = apiRoute(
  { access: "admin", action: "retry deliveries", body: retryDeliveriesSchema },
  async ({ tenantId, caller, body }) =>
    jsonOk({ success: true, ...(await retryOutboundDeliveries(tenantId, body, actorOf(caller))) }, { status: 202 }),
);
