import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { describeReplay } from "@/lib/deliveries/describe-replay";
import { type ReplayAnswer, replayAnswer } from "@/lib/deliveries/replay-answer";
import { AppError, notFound } from "@/lib/errors";
import { getStorage } from "@/lib/storage/registry";
import { acceptSourceDelivery } from "@/lib/webhooks/ingest/accept-source-delivery";
import { acceptWebhook } from "@/lib/webhooks/ingest/accept-webhook";
import { loadTenantWebhookConfig } from "@/lib/webhooks/ingest/load-tenant-webhook-config";
import { parseInboundBody } from "@/lib/webhooks/ingest/parse-inbound-body";
import { webhookKindSchema } from "@/lib/webhooks/schemas";

/**
 * Sends a refused delivery through the real inbound pipeline again, now that its cause is fixed (a
 * secret pasted again, an endpoint enabled, a rate limit over), exactly as it arrived: its bytes,
 * its headers, and its timestamp judged against when it arrived (a replay never makes a stale
 * signature fresh). Exactly once: the sender's delivery id, or one derived from the refusal, and
 * the event's own identity make a second replay, or the platform's own retry, a duplicate.
 */
export async function replayRejectedDelivery(
  tenantId: string,
  id: string,
  actor: ActivityEntry["actor"],
): Promise<ReplayAnswer & { outcome: string }> {
  const record = await getStorage().rejectedDeliveries.find(tenantId, id);
  if (!record) throw notFound("Delivery not found");
  // Refusals kept before whole bodies were: a short body's excerpt is the whole of it.
  const text = record.rawBody ?? (Buffer.byteLength(record.bodyExcerpt, "utf8") === record.bodyBytes ? record.bodyExcerpt : null);
  if (text === null) {
    throw new AppError(
      "conflict",
      `Only the first ${Buffer.byteLength(record.bodyExcerpt, "utf8")} of ${record.bodyBytes} bytes of this delivery were kept, so it cannot be replayed: send it again from the platform.`,
      { reason: "body_not_kept" },
    );
  }
  const body = Buffer.from(text, "utf8");
  const nowMs = record.receivedAt.getTime();
  const header = (name: string) => record.headers[name];
  const tenant = await loadTenantWebhookConfig(tenantId, { fresh: true });
  if (!tenant) throw notFound("Delivery not found");

  const source = /^source:([0-9a-f]{24})$/i.exec(record.kind ?? "");
  const kind = webhookKindSchema.safeParse(record.kind);
  if (!source && !kind.success) {
    throw new AppError(
      "conflict",
      "This request was sent to no endpoint of this workspace, so there is nothing to replay it to.",
      {
        reason: "unknown_route",
      },
    );
  }
  const answer = await replayAnswer(() =>
    source
      ? acceptSourceDelivery(tenant, {
          sourceId: (source[1] as string).toLowerCase(),
          headers: record.headers,
          keptHeaders: record.headers,
          body,
          nowMs,
          rateLimit: false,
        })
      : acceptWebhook({
          tenantId,
          kind: kind.data as NonNullable<typeof kind.data>,
          tenantFromPath: true,
          header,
          keptHeaders: record.headers,
          body,
          ...parseInboundBody(body),
          nowMs,
          rateLimit: false,
          fallbackDeliveryId: `replay-${record.id}`,
        }),
  ).catch(async (error: unknown) => {
    if (error instanceof AppError) await log(tenantId, record.id, record.kind, actor, error.message);
    throw error;
  });
  const outcome = describeReplay(answer);
  await log(tenantId, record.id, record.kind, actor, outcome);
  return { ...answer, outcome };
}

async function log(
  tenantId: string,
  rejectionId: string,
  kind: string | null,
  actor: ActivityEntry["actor"],
  outcome: string,
): Promise<void> {
  await logActivity(tenantId, {
    kind: "webhook.delivery.replayed",
    actor,
    summary: `Refused delivery to ${kind ?? "an unknown route"} replayed: ${outcome}`,
    refs: { rejectedDeliveryId: rejectionId },
  });
}
