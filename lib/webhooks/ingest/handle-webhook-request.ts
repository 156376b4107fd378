import type { IncomingMessage, ServerResponse } from "node:http";
import type { ZodType } from "zod";
import { AppError, issuesByPath } from "@/lib/errors";
import { sendJson } from "@/lib/http/send-json";
import { applyStoreCurrency } from "@/lib/orders/apply-store-currency";
import { tenantIdSchema } from "@/lib/tenants/schemas";
import { consumeRateLimit } from "@/lib/webhooks/ingest/consume-rate-limit";
import { traceFor } from "@/lib/webhooks/ingest/delivery-trace";
import { answerFailure, newInboundState, receiveInbound } from "@/lib/webhooks/ingest/inbound-request";
import { loadTenantWebhookConfig, type TenantWebhookConfig } from "@/lib/webhooks/ingest/load-tenant-webhook-config";
import { processDelivery } from "@/lib/webhooks/ingest/process-delivery";
import { selectHeaders } from "@/lib/webhooks/ingest/record-rejection";
import { decodeUtf8, header, Rejection } from "@/lib/webhooks/ingest/rejection";
import { sanitizeMetadata } from "@/lib/webhooks/sanitize-metadata";
import { type WebhookKind, webhookSchemas } from "@/lib/webhooks/schemas";
import { verifySignature } from "@/lib/webhooks/signatures/verify-signature";

/**
 * The inbound hot path (SPEC §3), in the documented order: size → content type → tenant →
 * endpoint enabled → signature (raw bytes) → rate limit → JSON + schema → idempotent write →
 * side effects. Every refusal is a JSON error and a RejectedDelivery; nothing else is written.
 */
export async function handleWebhookRequest(
  req: IncomingMessage,
  res: ServerResponse,
  kind: WebhookKind,
  pathTenantId: string | null,
): Promise<void> {
  const state = newInboundState();
  try {
    const body = await receiveInbound(req, state);
    let tenantId: string;

    // Body-form routes carry the tenant inside the JSON, so it is parsed (not yet validated) first.
    let parsed: unknown;
    let parseError: string | null = null;
    // The body as text, decoded once: parsed here, and stored as received (journal, delivery log).
    let text = "";
    try {
      text = decodeUtf8(body);
      parsed = JSON.parse(text);
    } catch {
      parseError = "Body is not valid UTF-8 JSON";
    }
    const bodyTenant =
      parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as { tenantId?: unknown }).tenantId : undefined;

    if (pathTenantId === null) {
      if (parseError) throw new Rejection("bad_request", "invalid_json", parseError);
      const id = tenantIdSchema.safeParse(bodyTenant);
      if (!id.success)
        throw new Rejection("validation_failed", "invalid_tenant_id", "Invalid input", [
          { path: "tenantId", message: "must be a 24-character hex ObjectId" },
        ]);
      tenantId = id.data;
      state.tenantId = tenantId;
    } else {
      const id = tenantIdSchema.safeParse(pathTenantId);
      if (!id.success) throw new Rejection("not_found", "unknown_tenant", "Tenant not found");
      tenantId = id.data;
      state.tenantId = tenantId;
    }

    const signatureHeaders = {
      "x-webhook-signature": header(req, "x-webhook-signature"),
      "webhook-id": header(req, "webhook-id"),
      "webhook-timestamp": header(req, "webhook-timestamp"),
      "webhook-signature": header(req, "webhook-signature"),
    };
    let config = await loadTenantWebhookConfig(tenantId);
    let admission = config && admit(config, kind, signatureHeaders, body);
    // A refusal is never based on cached settings: a secret rotated or an endpoint re-enabled by
    // another process a moment ago must count.
    if (config?.cached && admission instanceof Rejection) {
      config = await loadTenantWebhookConfig(tenantId, { fresh: true });
      admission = config && admit(config, kind, signatureHeaders, body);
    }
    if (!config || !admission) {
      state.tenantId = null;
      throw new Rejection("not_found", "unknown_tenant", `Tenant ${tenantId} not found`);
    }
    if (admission instanceof Rejection) throw admission;
    const { scheme } = admission;
    const trace = traceFor(header(req, "x-pulseboard-trace"));
    trace?.mark("verified", scheme === "none" ? "no signature required" : `${scheme} signature`);

    const budget = await consumeRateLimit(tenantId);
    if (!budget.allowed) {
      throw new Rejection("rate_limited", "rate_limited", "Too many requests for this tenant", undefined, {
        "retry-after": String(budget.retryAfterS),
      });
    }

    if (parseError) throw new Rejection("bad_request", "invalid_json", parseError);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && "metadata" in parsed) {
      try {
        (parsed as { metadata: unknown }).metadata = sanitizeMetadata((parsed as { metadata: unknown }).metadata);
      } catch (error) {
        throw new Rejection(
          "validation_failed",
          "validation_failed",
          "Invalid input",
          error instanceof AppError ? error.details : undefined,
        );
      }
    }
    if (pathTenantId !== null && bodyTenant !== undefined && String(bodyTenant).toLowerCase() !== tenantId) {
      throw new Rejection("validation_failed", "tenant_mismatch", "Invalid input", [
        { path: "tenantId", message: "does not match the tenant in the URL" },
      ]);
    }
    const object =
      parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    const scoped: unknown = pathTenantId !== null && object ? { ...object, tenantId } : parsed;
    const withTenant = kind === "orders" ? applyStoreCurrency(scoped, config.currency) : scoped;
    const validated = (webhookSchemas[kind] as ZodType).safeParse(withTenant);
    if (!validated.success)
      throw new Rejection("validation_failed", "validation_failed", "Invalid input", issuesByPath(validated.error));

    const deliveryId = header(req, "webhook-id") ?? header(req, "idempotency-key") ?? null;
    const result = await processDelivery({
      tenantId,
      kind,
      input: validated.data as never,
      deliveryId: deliveryId ? deliveryId.slice(0, 200) : null,
      scheme,
      headers: selectHeaders(req.headers),
      rawBody: text,
      trace,
    });
    sendJson(res, result.status, result.body);
  } catch (caught) {
    answerFailure(req, res, caught, state, kind);
  }
}

type SignatureHeaders = Parameters<typeof verifySignature>[0];

/** Whether the tenant takes this delivery: webhooks and the endpoint enabled, then the signature. */
function admit(
  config: TenantWebhookConfig,
  kind: WebhookKind,
  signatureHeaders: SignatureHeaders,
  body: Buffer,
): Rejection | { scheme: "hex" | "standard" | "none" } {
  if (!config.webhookEnabled) return new Rejection("forbidden", "webhooks_disabled", "Webhooks are disabled for this tenant");
  if (!config.endpoints[kind])
    return new Rejection("forbidden", "endpoint_disabled", `The ${kind} endpoint is disabled for this tenant`);
  const signed = Object.values(signatureHeaders).some((v) => v !== undefined);
  if (!config.requireSignature && !signed) return { scheme: "none" };
  const verdict = verifySignature(signatureHeaders, body, config.secrets);
  if (!verdict.ok) return new Rejection("unauthorized", verdict.reason, verdict.message);
  return { scheme: verdict.scheme };
}
