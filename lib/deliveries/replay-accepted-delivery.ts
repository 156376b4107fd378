import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { describeReplay } from "@/lib/deliveries/describe-replay";
import { type ReplayAnswer, replayAnswer } from "@/lib/deliveries/replay-answer";
import { AppError, notFound } from "@/lib/errors";
import { remapSourceDelivery } from "@/lib/sources/remap-source-delivery";
import { getStorage } from "@/lib/storage/registry";
import { acceptWebhook } from "@/lib/webhooks/ingest/accept-webhook";
import { webhookKindSchema } from "@/lib/webhooks/schemas";

/**
 * Sends an accepted delivery through the pipeline again under its own delivery id: what it already
 * produced is found, not made twice (a duplicate answer), and what a crash left undone is done. It
 * was verified when it arrived, so a secret rotated since does not refuse it. A source's delivery
 * is mapped again with the source's current options.
 */
export async function replayAcceptedDelivery(
  tenantId: string,
  id: string,
  actor: ActivityEntry["actor"],
): Promise<ReplayAnswer & { outcome: string }> {
  const record = await getStorage().deliveryLog.find(tenantId, id);
  if (!record) throw notFound("Delivery not found");
  if (record.source) {
    const remapped = await remapSourceDelivery(tenantId, record.source.id, record.id, actor);
    return { ...remapped, outcome: describeReplay(remapped) };
  }
  const kind = webhookKindSchema.safeParse(record.kind);
  const scheme = record.scheme === "hex" || record.scheme === "standard" || record.scheme === "none" ? record.scheme : null;
  if (!kind.success || !scheme) throw new AppError("conflict", "This delivery cannot be replayed", { reason: "unknown_route" });
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.rawBody);
  } catch {
    throw new AppError("conflict", "The stored body is not JSON", { reason: "invalid_json" });
  }
  const answer = await replayAnswer(() =>
    acceptWebhook({
      tenantId,
      kind: kind.data,
      tenantFromPath: true,
      header: (name) => record.headers[name],
      keptHeaders: record.headers,
      body: Buffer.from(record.rawBody, "utf8"),
      text: record.rawBody,
      parsed,
      parseError: null,
      verifiedAs: scheme,
      rateLimit: false,
      fallbackDeliveryId: eventDeliveryId(record),
    }),
  );
  const outcome = describeReplay(answer);
  await logActivity(tenantId, {
    kind: "webhook.delivery.replayed",
    actor,
    summary: `Delivery ${record.deliveryId} (${record.kind}) replayed: ${outcome}`,
    refs: { deliveryRecordId: record.id },
  });
  return { ...answer, outcome };
}

/**
 * The delivery id the event was keyed by. A sender's own id is it; an id the log made up for a
 * delivery without one (`gen_…`) never was: an order or a payment was keyed by its identity (so
 * none is given, as on the platform's own retry), a notification by the id its cause names.
 */
function eventDeliveryId(record: { deliveryId: string; dedupeKey: string; kind: string }): string | undefined {
  if (!record.deliveryId.startsWith("gen_")) return record.deliveryId;
  if (record.kind === "notifications" && record.dedupeKey.startsWith("delivery:"))
    return record.dedupeKey.slice("delivery:".length);
  return undefined;
}
