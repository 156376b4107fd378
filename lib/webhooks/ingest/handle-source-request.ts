import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "@/lib/http/send-json";
import { applySourceDelivery } from "@/lib/sources/apply-source-delivery";
import { loadSourceConfig, type SourceConfig } from "@/lib/sources/load-source-config";
import { parsePlatformJson } from "@/lib/sources/map/parse-platform-json";
import { storeSourceDelivery } from "@/lib/sources/store-source-delivery";
import type { Verified } from "@/lib/sources/verify/types";
import { verifySourceDelivery } from "@/lib/sources/verify/verify-source-delivery";
import { consumeRateLimit } from "@/lib/webhooks/ingest/consume-rate-limit";
import { answerFailure, newInboundState, receiveInbound } from "@/lib/webhooks/ingest/inbound-request";
import { loadTenantWebhookConfig } from "@/lib/webhooks/ingest/load-tenant-webhook-config";
import { selectHeaders } from "@/lib/webhooks/ingest/record-rejection";
import { decodeUtf8, header, Rejection } from "@/lib/webhooks/ingest/rejection";

const lowerCaseHeaders = (req: IncomingMessage): Record<string, string | undefined> =>
  Object.fromEntries(Object.keys(req.headers).map((name) => [name, header(req, name)]));

/**
 * A delivery to a source's URL (SPEC §8), in the inbound path's order: size → media type and
 * origin → tenant and source → enabled → the platform's own signature (raw bytes) → rate limit →
 * JSON → mapping → the same exactly-once write and effects as our own format (process-delivery.ts),
 * or, for a topic we do not map, the delivery stored and answered 200 (platforms disable endpoints
 * that keep failing). Refusals are JSON errors and rejected-delivery records, as on the other routes.
 */
export async function handleSourceRequest(
  req: IncomingMessage,
  res: ServerResponse,
  pathTenantId: string,
  pathSourceId: string,
): Promise<void> {
  const state = newInboundState();
  try {
    const body = await receiveInbound(req, state, { formPing: true });
    const tenant = await loadTenantWebhookConfig(pathTenantId.toLowerCase());
    if (!tenant) throw new Rejection("not_found", "unknown_tenant", "Tenant not found");
    const tenantId = tenant.tenantId;
    state.tenantId = tenantId;
    const sourceId = pathSourceId.toLowerCase();
    const headers = lowerCaseHeaders(req);
    const nowMs = Date.now();
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
      await storeSourceDelivery(tenantId, {
        platformId: `ping:${createHash("sha256").update(body).digest("hex").slice(0, 32)}`,
        scheme: `source:${source.type}`,
        info: { id: sourceId, type: source.type, topic: "ping", note: verdict.message },
        headers: selectHeaders(req.headers, true),
        text: body.toString("latin1"),
      }).then((answer) => sendJson(res, 200, { ...answer, ping: true }));
      return;
    }

    const budget = await consumeRateLimit(tenantId);
    if (!budget.allowed) {
      throw new Rejection("rate_limited", "rate_limited", "Too many requests for this tenant", undefined, {
        "retry-after": String(budget.retryAfterS),
      });
    }

    let text: string;
    let parsed: unknown;
    try {
      text = decodeUtf8(body);
      parsed = parsePlatformJson(text);
    } catch {
      throw new Rejection("bad_request", "invalid_json", "Body is not valid UTF-8 JSON");
    }
    const answer = await applySourceDelivery(
      tenantId,
      sourceId,
      source,
      {
        headers,
        kept: selectHeaders(req.headers, true),
        text,
        parsed,
        topic: verdict.topic,
        deliveryId: verdict.deliveryId,
        bodyHash: () => createHash("sha256").update(body).digest("hex"),
      },
      tenant.currency ?? null,
    );
    sendJson(res, answer.status, answer.body);
  } catch (caught) {
    answerFailure(req, res, caught, state, `source:${pathSourceId.slice(0, 24)}`);
  }
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
