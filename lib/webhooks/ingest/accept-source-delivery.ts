import { createHash } from "node:crypto";
import { applySourceDelivery } from "@/lib/sources/apply-source-delivery";
import { loadSourceConfig, type SourceConfig } from "@/lib/sources/load-source-config";
import { parsePlatformJson } from "@/lib/sources/map/parse-platform-json";
import { storeSourceDelivery } from "@/lib/sources/store-source-delivery";
import type { Verified } from "@/lib/sources/verify/types";
import { verifySourceDelivery } from "@/lib/sources/verify/verify-source-delivery";
import { consumeRateLimit } from "@/lib/webhooks/ingest/consume-rate-limit";
import type { TenantWebhookConfig } from "@/lib/webhooks/ingest/load-tenant-webhook-config";
import { decodeUtf8, Rejection } from "@/lib/webhooks/ingest/rejection";

/** A delivery to a source's URL whose tenant is known: as it arrives, or as it was stored. */
export type SourceDeliveryToAccept = {
  sourceId: string;
  /** Every header, names in lower case. */
  headers: Record<string, string | undefined>;
  /** The headers kept with the delivery's records. */
  keptHeaders: Record<string, string>;
  body: Buffer;
  /** When the delivery is judged (a stored one: when it arrived, so its timestamp is held to it). */
  nowMs?: number;
  /** Whether it spends the tenant's rate limit (a platform's request does; an admin's replay does not). */
  rateLimit: boolean;
};

/**
 * A source delivery from the source on (SPEC §8): enabled → the platform's own signature (raw
 * bytes) → rate limit → JSON → mapping → the same exactly-once write and effects as our own
 * format, or, for a topic we do not map, the delivery stored and answered 200. Throws a Rejection
 * for every refusal; `unknown_source` for a source the tenant does not have.
 */
export async function acceptSourceDelivery(
  tenant: TenantWebhookConfig,
  delivery: SourceDeliveryToAccept,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { tenantId } = tenant;
  const { sourceId, headers, body } = delivery;
  const nowMs = delivery.nowMs ?? Date.now();
  let source = await loadSourceConfig(tenantId, sourceId);
  let verdict = source && admit(source, headers, body, nowMs);
  // A refusal is never based on cached settings: a secret pasted or a source enabled a moment
  // ago by another process must count.
  if (source?.cached && verdict instanceof Rejection) {
    source = await loadSourceConfig(tenantId, sourceId, { fresh: true });
    verdict = source && admit(source, headers, body, nowMs);
  }
  if (!source || !verdict) throw new Rejection("not_found", "unknown_source", "Source not found");
  if (verdict instanceof Rejection) throw verdict;
  if (!tenant.webhookEnabled) {
    throw new Rejection("forbidden", "webhooks_disabled", "Webhooks are disabled for this tenant");
  }
  if (!verdict.ok) {
    // WooCommerce's ping on webhook creation: unsigned, form-encoded, answered 200 and logged.
    const answer = await storeSourceDelivery(tenantId, {
      platformId: `ping:${createHash("sha256").update(body).digest("hex").slice(0, 32)}`,
      scheme: `source:${source.type}`,
      info: { id: sourceId, type: source.type, topic: "ping", note: verdict.message },
      headers: delivery.keptHeaders,
      text: body.toString("latin1"),
    });
    return { status: 200, body: { ...answer, ping: true } };
  }

  if (delivery.rateLimit) {
    const budget = await consumeRateLimit(tenantId);
    if (!budget.allowed) {
      throw new Rejection("rate_limited", "rate_limited", "Too many requests for this tenant", undefined, {
        "retry-after": String(budget.retryAfterS),
      });
    }
  }

  let text: string;
  let parsed: unknown;
  try {
    text = decodeUtf8(body);
    parsed = parsePlatformJson(text);
  } catch {
    throw new Rejection("bad_request", "invalid_json", "Body is not valid UTF-8 JSON");
  }
  return applySourceDelivery(
    tenantId,
    sourceId,
    source,
    {
      headers,
      kept: delivery.keptHeaders,
      text,
      parsed,
      topic: verdict.topic,
      deliveryId: verdict.deliveryId,
      bodyHash: () => createHash("sha256").update(body).digest("hex"),
    },
    tenant.currency ?? null,
  );
}

/** Enabled, then signed by the platform with one of the source's secrets. */
function admit(
  source: SourceConfig,
  headers: Record<string, string | undefined>,
  body: Buffer,
  nowMs: number,
): Rejection | Extract<Verified, { ok: true }> | Extract<Verified, { reason: "ping" }> {
  if (!source.enabled) return new Rejection("forbidden", "source_disabled", "This source is disabled");
  const verdict = verifySourceDelivery(source.type, source.options as never, source.secrets, { headers, body, nowMs });
  if (verdict.ok || verdict.reason === "ping") return verdict;
  return new Rejection("unauthorized", verdict.reason, verdict.message);
}
