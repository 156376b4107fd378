import { randomBytes } from "node:crypto";
import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { AppError } from "@/lib/errors";
import { attemptDelivery } from "@/lib/outbound/attempt-delivery";
import { deliveryIdFor, type OutboundEvent } from "@/lib/outbound/enqueue-outbound-event";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import type { AttemptView } from "@/lib/outbound/schemas";

/**
 * "Send test event": one signed `test` event to the endpoint right now (whatever its event filter),
 * answered with the attempt's outcome and logged like any delivery. No automatic retries.
 */
export async function sendTestEvent(
  tenantId: string,
  endpointId: string,
  actor: ActivityEntry["actor"],
): Promise<{ deliveryId: string; attempt: AttemptView }> {
  const endpoint = await findEndpoint(tenantId, endpointId);
  if (!endpoint.enabled) throw new AppError("conflict", "The endpoint is disabled: enable it before sending a test event");
  const event: OutboundEvent = {
    id: `evt_${randomBytes(12).toString("hex")}`,
    type: "test",
    timestamp: new Date().toISOString(),
    data: { message: "Test event from Pulseboard", tenantId, endpointId },
  };
  const deliveryId = deliveryIdFor(endpointId);
  const outcome = await attemptDelivery(
    { deliveryId, tenantId, endpointId, body: JSON.stringify(event), eventIds: [event.id], eventTypes: ["test"] },
    { attemptNumber: 1, maxAttempts: 1, manual: true },
  );
  if (!outcome) throw new AppError("not_found", "Endpoint not found");
  await logActivity(tenantId, {
    kind: "outbound.endpoint.tested",
    actor,
    summary: `Test event sent to ${endpoint.url}: ${outcome.attempt.ok ? `HTTP ${outcome.attempt.status}` : (outcome.attempt.error ?? "failed")}`,
    refs: { endpointId, deliveryId },
  });
  return { deliveryId, attempt: outcome.attempt };
}
