import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ZodType } from "zod";
import { issuesByPath } from "@/lib/errors";
import { sendJson } from "@/lib/http/send-json";
import { loadSourceConfig, type SourceConfig } from "@/lib/sources/load-source-config";
import { mapSourceDelivery } from "@/lib/sources/map/map-source-delivery";
import { parsePlatformJson } from "@/lib/sources/map/parse-platform-json";
import type { SourceEvent } from "@/lib/sources/map/types";
import type { Verified } from "@/lib/sources/verify/types";
import { verifySourceDelivery } from "@/lib/sources/verify/verify-source-delivery";
import type { SourceDeliveryInfo } from "@/lib/storage/ports/delivery-log";
import { getStorage } from "@/lib/storage/registry";
import { consumeRateLimit } from "@/lib/webhooks/ingest/consume-rate-limit";
import { answerFailure, newInboundState, receiveInbound } from "@/lib/webhooks/ingest/inbound-request";
import { loadTenantWebhookConfig } from "@/lib/webhooks/ingest/load-tenant-webhook-config";
import { processDelivery } from "@/lib/webhooks/ingest/process-delivery";
import { selectHeaders } from "@/lib/webhooks/ingest/record-rejection";
import { decodeUtf8, header, Rejection } from "@/lib/webhooks/ingest/rejection";
import { sanitizeMetadata } from "@/lib/webhooks/sanitize-metadata";
import { type DeliveryScheme, webhookSchemas } from "@/lib/webhooks/schemas";

type Produced = { kind: "order" | "payment" | "notification"; id: string };

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
    const scheme: DeliveryScheme = `source:${source.type}`;
    const info = (topic: string | null, note: string | null): SourceDeliveryInfo => ({
      id: sourceId,
      type: source.type,
      topic,
      note,
    });

    if (!verdict.ok) {
      // WooCommerce's ping on webhook creation: unsigned, form-encoded, answered 200 and logged.
      await storeOnly(tenantId, {
        platformId: `ping:${createHash("sha256").update(body).digest("hex").slice(0, 32)}`,
        scheme,
        info: info("ping", verdict.message),
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
    const mapping = mapSourceDelivery(source.type, {
      options: source.options,
      headers,
      body: parsed,
      topic: verdict.topic,
      deliveryId: verdict.deliveryId,
    });
    // The platform's id of the event; a platform that sends none is deduplicated on the bytes.
    const platformId = (
      mapping.eventId ??
      verdict.deliveryId ??
      `sha256:${createHash("sha256").update(body).digest("hex")}`
    ).slice(0, 160);
    const kept = selectHeaders(req.headers, true);
    const event = mapping.event && validated(tenantId, mapping.event);
    if (!event || "note" in event) {
      const note = (event && "note" in event ? event.note : mapping.note) ?? null;
      sendJson(res, 200, await storeOnly(tenantId, { platformId, scheme, info: info(mapping.topic, note), headers: kept, text }));
      return;
    }
    const result = await processDelivery({
      tenantId,
      kind: event.kind,
      input: event.input as never,
      deliveryId: `${sourceId}:${platformId}`,
      scheme,
      headers: kept,
      rawBody: text,
      source: info(mapping.topic, null),
    });
    const answer = result.body as { orderId?: string; paymentId?: string; duplicate?: boolean; message?: string };
    const produced: Produced[] =
      event.kind === "orders"
        ? [{ kind: "order", id: String(answer.orderId) }]
        : [{ kind: "payment", id: String(answer.paymentId) }];
    sendJson(res, result.status, {
      success: true,
      deliveryId: platformId,
      topic: mapping.topic,
      produced,
      ...(answer.duplicate ? { duplicate: true } : {}),
      ...(answer.message ? { message: answer.message } : {}),
    });
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

/** The mapped record as our own format would take it (SPEC §3); a note instead when it would not be taken. */
function validated(tenantId: string, event: SourceEvent): SourceEvent | { note: string } {
  try {
    const input = { ...event.input, tenantId, metadata: sanitizeMetadata(event.input.metadata ?? {}) };
    const checked = (webhookSchemas[event.kind] as ZodType).safeParse(input);
    if (checked.success) return { kind: event.kind, input: checked.data } as SourceEvent;
    const issues = issuesByPath(checked.error)
      .slice(0, 3)
      .map((issue) => `${issue.path || "body"} ${issue.message}`);
    return { note: `the mapped ${event.kind === "orders" ? "order" : "payment"} is not valid: ${issues.join("; ")}` };
  } catch {
    return { note: "the mapped record's metadata cannot be stored" };
  }
}

/** A verified delivery that produces no record: kept in the delivery log (once per platform id) before the 200. */
async function storeOnly(
  tenantId: string,
  delivery: {
    platformId: string;
    scheme: DeliveryScheme;
    info: SourceDeliveryInfo;
    headers: Record<string, string>;
    text: string;
  },
): Promise<Record<string, unknown>> {
  const answer = {
    success: true,
    deliveryId: delivery.platformId,
    topic: delivery.info.topic,
    produced: [] as Produced[],
    stored: true,
    ...(delivery.info.note ? { note: delivery.info.note } : {}),
  };
  const key = `source:${delivery.info.id}:${delivery.platformId}`;
  await getStorage().deliveryLog.record(
    tenantId,
    {
      kind: "other",
      deliveryId: `${delivery.info.id}:${delivery.platformId}`,
      dedupeKey: key,
      scheme: delivery.scheme,
      headers: delivery.headers,
      rawBody: delivery.text,
      source: delivery.info,
      result: { status: 200, body: answer },
    },
    { once: key },
  );
  return answer;
}
