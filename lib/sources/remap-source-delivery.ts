import { createHash } from "node:crypto";
import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { AppError, notFound } from "@/lib/errors";
import { applySourceDelivery } from "@/lib/sources/apply-source-delivery";
import { findSource } from "@/lib/sources/find-source";
import { parsePlatformJson } from "@/lib/sources/map/parse-platform-json";
import { parseSourceOptions } from "@/lib/sources/schemas";
import { getStorage } from "@/lib/storage/registry";
import { loadTenantWebhookConfig } from "@/lib/webhooks/ingest/load-tenant-webhook-config";

/**
 * Maps a stored delivery of the source again with the source's current options (after an order
 * number key was set, say): it goes through the same exactly-once write under the same platform
 * id, so a record it already produced is found, not made twice. It was verified when it arrived.
 */
export async function remapSourceDelivery(
  tenantId: string,
  sourceId: string,
  recordId: string,
  actor: ActivityEntry["actor"],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const source = await findSource(tenantId, sourceId);
  const stored = await getStorage().deliveryLog.find(tenantId, recordId);
  if (!stored || stored.source?.id !== source.id) throw notFound("Delivery not found");
  if (stored.source.topic === "ping") throw new AppError("conflict", "A ping carries nothing to map");
  let parsed: unknown;
  try {
    parsed = parsePlatformJson(stored.rawBody);
  } catch {
    throw new AppError("conflict", "The stored body is not JSON");
  }
  const answer = await applySourceDelivery(
    tenantId,
    source.id,
    { type: source.type, name: source.name, options: parseSourceOptions(source.type, source.options).data ?? source.options },
    {
      headers: stored.headers,
      kept: stored.headers,
      text: stored.rawBody,
      parsed,
      topic: stored.source.topic,
      deliveryId: null,
      bodyHash: () => createHash("sha256").update(stored.rawBody).digest("hex"),
      platformId: stored.deliveryId.slice(source.id.length + 1),
    },
    (await loadTenantWebhookConfig(tenantId))?.currency ?? null,
  );
  const produced = (answer.body.produced as Array<{ kind: string; id: string }> | undefined) ?? [];
  await logActivity(tenantId, {
    kind: "source.delivery.remapped",
    actor,
    summary: `Delivery ${stored.source.topic ?? ""} of ${source.name} mapped again: ${produced.length ? produced.map((p) => p.kind).join(", ") : "nothing"}${answer.body.duplicate ? " (already recorded)" : ""}`,
    refs: { sourceId: source.id, deliveryRecordId: stored.id },
  });
  return answer;
}
