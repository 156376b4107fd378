import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { AppError, notFound } from "@/lib/errors";
import { outboundRuntime } from "@/lib/outbound/outbound-runtime";
import { queueRetry } from "@/lib/outbound/queue-retry";
import { RECOVER_LIMIT, type RetryDeliveriesSelection } from "@/lib/outbound/schemas";
import type { OutboundDeliveryRecord, OutboundEndpointRecord } from "@/lib/storage/ports/outbound";
import { getStorage } from "@/lib/storage/registry";

export type RetryDeliveriesResult = {
  queued: string[];
  skipped: Array<{ id: string; reason: string }>;
  /** Recover only: more failed deliveries than RECOVER_LIMIT matched; asking again with this cursor queues the next ones. */
  nextCursor: string | null;
};

/**
 * Bulk retry (Svix's "recover"): the deliveries picked in the log, or every delivery that failed
 * since a moment, each queued once more with its own webhook-id and body. Ids the tenant does not
 * have are skipped as not found, never told apart from another tenant's.
 */
export async function retryOutboundDeliveries(
  tenantId: string,
  selection: RetryDeliveriesSelection,
  actor: ActivityEntry["actor"],
): Promise<RetryDeliveriesResult> {
  const runtime = outboundRuntime();
  if (runtime?.redis.status !== "ready") throw new AppError("unavailable", "Outbound delivery is unavailable right now");
  const storage = getStorage();
  if ("endpointId" in selection && selection.endpointId) {
    if (!(await storage.outbound.findEndpoint(tenantId, selection.endpointId))) throw notFound("Endpoint not found");
  }
  const { deliveries, missing, nextCursor } =
    "ids" in selection ? await picked(tenantId, selection.ids) : await failedSince(tenantId, selection);

  const endpoints = new Map<string, OutboundEndpointRecord | null>();
  const result: RetryDeliveriesResult = {
    queued: [],
    skipped: missing.map((id) => ({ id, reason: "Delivery not found" })),
    nextCursor,
  };
  for (const delivery of deliveries) {
    if (!endpoints.has(delivery.endpointId))
      endpoints.set(delivery.endpointId, await storage.outbound.findEndpoint(tenantId, delivery.endpointId));
    const refusal = await queueRetry(runtime, delivery, endpoints.get(delivery.endpointId) ?? null);
    if (refusal) result.skipped.push({ id: delivery.id, reason: refusal });
    else result.queued.push(delivery.id);
  }
  if (result.queued.length) {
    await logActivity(tenantId, {
      kind: "outbound.deliveries.retried",
      actor,
      summary:
        "ids" in selection
          ? `${result.queued.length} selected deliveries retried`
          : `${result.queued.length} deliveries that failed since ${selection.since.toISOString()} retried`,
      refs: {
        deliveryIds: result.queued.slice(0, 100),
        ...("endpointId" in selection ? { endpointId: selection.endpointId } : {}),
      },
    });
  }
  return result;
}

async function picked(tenantId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => getStorage().outbound.findDelivery(tenantId, id)));
  return {
    deliveries: found.filter((d): d is OutboundDeliveryRecord => d !== null),
    missing: unique.filter((_, i) => found[i] === null),
    nextCursor: null,
  };
}

/**
 * The failed deliveries created since `since`, newest first from `cursor`, a page at a time, at
 * most RECOVER_LIMIT; the cursor of the rest (retried ones stay failed until their attempt runs,
 * so asking again from the start would find the same ones).
 */
/** Pages of the log one recover reads at most before it answers with the cursor of the rest. */
const RECOVER_ROUNDS = 20;

async function failedSince(tenantId: string, selection: { since: Date; endpointId?: string; cursor?: string }) {
  const deliveries: OutboundDeliveryRecord[] = [];
  let before: string | null = selection.cursor ?? null;
  // A log read in bounded steps answers short pages with a cursor: a few at most per request, and
  // the cursor of the rest goes back to the caller, as for a full page.
  let rounds = 0;
  do {
    rounds += 1;
    const page = await getStorage().outbound.listDeliveries(tenantId, {
      endpointId: selection.endpointId,
      status: "failed",
      since: selection.since,
      limit: 100,
      before,
    });
    deliveries.push(...page.deliveries);
    before = page.next;
  } while (before && deliveries.length < RECOVER_LIMIT && rounds < RECOVER_ROUNDS);
  return { deliveries, missing: [], nextCursor: before };
}
