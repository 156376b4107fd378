import type { ZodType } from "zod";
import { AppError, issuesByPath } from "@/lib/errors";
import { applyStoreCurrency } from "@/lib/orders/apply-store-currency";
import { consumeRateLimit } from "@/lib/webhooks/ingest/consume-rate-limit";
import type { DeliveryTrace } from "@/lib/webhooks/ingest/delivery-trace";
import { loadTenantWebhookConfig, type TenantWebhookConfig } from "@/lib/webhooks/ingest/load-tenant-webhook-config";
import { processDelivery } from "@/lib/webhooks/ingest/process-delivery";
import { Rejection } from "@/lib/webhooks/ingest/rejection";
import { sanitizeMetadata } from "@/lib/webhooks/sanitize-metadata";
import { type WebhookKind, webhookSchemas } from "@/lib/webhooks/schemas";
import { type SignatureHeaders, verifySignature } from "@/lib/webhooks/signatures/verify-signature";

/** A delivery in our own format whose tenant is known: as it arrives, or as it was stored. */
export type WebhookToAccept = {
  tenantId: string;
  kind: WebhookKind;
  /** The tenant came from the URL (a tenantId in the body must agree with it), not from the body. */
  tenantFromPath: boolean;
  header: (name: string) => string | undefined;
  /** The headers kept with the delivery's records. */
  keptHeaders: Record<string, string>;
  body: Buffer;
  /** The body decoded and parsed, or why it could not be. */
  text: string;
  parsed: unknown;
  parseError: string | null;
  /** When the delivery is judged (a stored one: when it arrived, so its timestamp is held to it). */
  nowMs?: number;
  /** Set for a stored delivery that was verified when it arrived (a replay of an accepted one): its scheme then. */
  verifiedAs?: "hex" | "standard" | "none";
  /** Whether it spends the tenant's rate limit (a platform's request does; an admin's replay does not). */
  rateLimit: boolean;
  /** The delivery id when the sender gave none (a replay: the same one each time). */
  fallbackDeliveryId?: string;
  trace?: DeliveryTrace;
};

/**
 * The inbound path from the tenant on, in the documented order: endpoint enabled → signature (raw
 * bytes) → rate limit → JSON + schema → idempotent write → side effects. Throws a Rejection for
 * every refusal; `unknown_tenant` when the tenant does not exist.
 */
export async function acceptWebhook(delivery: WebhookToAccept): Promise<{ status: number; body: unknown }> {
  const { tenantId, kind, body, header } = delivery;
  const signatureHeaders: SignatureHeaders = {
    "x-webhook-signature": header("x-webhook-signature"),
    "webhook-id": header("webhook-id"),
    "webhook-timestamp": header("webhook-timestamp"),
    "webhook-signature": header("webhook-signature"),
  };
  const nowMs = delivery.nowMs ?? Date.now();
  let config = await loadTenantWebhookConfig(tenantId);
  const judge = (tenant: TenantWebhookConfig) =>
    delivery.verifiedAs
      ? (enabled(tenant, kind) ?? { scheme: delivery.verifiedAs })
      : admit(tenant, kind, signatureHeaders, body, nowMs);
  let admission = config && judge(config);
  // A refusal is never based on cached settings: a secret rotated or an endpoint re-enabled by
  // another process a moment ago must count.
  if (config?.cached && admission instanceof Rejection) {
    config = await loadTenantWebhookConfig(tenantId, { fresh: true });
    admission = config && judge(config);
  }
  if (!config || !admission) throw new Rejection("not_found", "unknown_tenant", `Tenant ${tenantId} not found`);
  if (admission instanceof Rejection) throw admission;
  const { scheme } = admission;
  delivery.trace?.mark("verified", scheme === "none" ? "no signature required" : `${scheme} signature`);

  if (delivery.rateLimit) {
    const budget = await consumeRateLimit(tenantId);
    if (!budget.allowed) {
      throw new Rejection("rate_limited", "rate_limited", "Too many requests for this tenant", undefined, {
        "retry-after": String(budget.retryAfterS),
      });
    }
  }

  const { parsed } = delivery;
  if (delivery.parseError) throw new Rejection("bad_request", "invalid_json", delivery.parseError);
  const object =
    parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  if (object && "metadata" in object) {
    try {
      object.metadata = sanitizeMetadata(object.metadata);
    } catch (error) {
      throw new Rejection(
        "validation_failed",
        "validation_failed",
        "Invalid input",
        error instanceof AppError ? error.details : undefined,
      );
    }
  }
  const bodyTenant = object?.tenantId;
  if (delivery.tenantFromPath && bodyTenant !== undefined && String(bodyTenant).toLowerCase() !== tenantId) {
    throw new Rejection("validation_failed", "tenant_mismatch", "Invalid input", [
      { path: "tenantId", message: "does not match the tenant in the URL" },
    ]);
  }
  const scoped: unknown = delivery.tenantFromPath && object ? { ...object, tenantId } : parsed;
  const withTenant = kind === "orders" ? applyStoreCurrency(scoped, config.currency) : scoped;
  const validated = (webhookSchemas[kind] as ZodType).safeParse(withTenant);
  if (!validated.success)
    throw new Rejection("validation_failed", "validation_failed", "Invalid input", issuesByPath(validated.error));

  const deliveryId = header("webhook-id") ?? header("idempotency-key") ?? delivery.fallbackDeliveryId ?? null;
  return processDelivery({
    tenantId,
    kind,
    input: validated.data as never,
    deliveryId: deliveryId ? deliveryId.slice(0, 200) : null,
    scheme,
    headers: delivery.keptHeaders,
    rawBody: delivery.text,
    trace: delivery.trace,
  });
}

/** Whether the tenant takes this delivery: webhooks and the endpoint enabled, then the signature. */
function admit(
  config: TenantWebhookConfig,
  kind: WebhookKind,
  signatureHeaders: SignatureHeaders,
  body: Buffer,
  nowMs: number,
): Rejection | { scheme: "hex" | "standard" | "none" } {
  const refusal = enabled(config, kind);
  if (refusal) return refusal;
  const signed = Object.values(signatureHeaders).some((v) => v !== undefined);
  if (!config.requireSignature && !signed) return { scheme: "none" };
  const verdict = verifySignature(signatureHeaders, body, config.secrets, nowMs);
  if (!verdict.ok) return new Rejection("unauthorized", verdict.reason, verdict.message);
  return { scheme: verdict.scheme };
}

function enabled(config: TenantWebhookConfig, kind: WebhookKind): Rejection | null {
  if (!config.webhookEnabled) return new Rejection("forbidden", "webhooks_disabled", "Webhooks are disabled for this tenant");
  if (!config.endpoints[kind])
    return new Rejection("forbidden", "endpoint_disabled", `The ${kind} endpoint is disabled for this tenant`);
  return null;
}
