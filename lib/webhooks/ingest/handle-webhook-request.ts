import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "@/lib/http/send-json";
import { countDelivery } from "@/lib/insights/count-delivery";
import { tenantIdSchema } from "@/lib/tenants/schemas";
import { acceptWebhook } from "@/lib/webhooks/ingest/accept-webhook";
import { traceFor } from "@/lib/webhooks/ingest/delivery-trace";
import { answerFailure, newInboundState, receiveInbound } from "@/lib/webhooks/ingest/inbound-request";
import { parseInboundBody } from "@/lib/webhooks/ingest/parse-inbound-body";
import { selectHeaders } from "@/lib/webhooks/ingest/record-rejection";
import { header, Rejection } from "@/lib/webhooks/ingest/rejection";
import type { WebhookKind } from "@/lib/webhooks/schemas";

/**
 * The inbound hot path (SPEC §3), in the documented order: size → content type → tenant →
 * endpoint enabled → signature (raw bytes) → rate limit → JSON + schema → idempotent write →
 * side effects (accept-webhook.ts from the tenant on). Every refusal is a JSON error and a
 * RejectedDelivery; nothing else is written.
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

    // Body-form routes carry the tenant inside the JSON, so it is parsed (not yet validated) first;
    // the text is stored as received (journal, delivery log).
    const { text, parsed, parseError } = parseInboundBody(body);

    if (pathTenantId === null) {
      if (parseError) throw new Rejection("bad_request", "invalid_json", parseError);
      const bodyTenant =
        parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as { tenantId?: unknown }).tenantId : undefined;
      const id = tenantIdSchema.safeParse(bodyTenant);
      if (!id.success)
        throw new Rejection("validation_failed", "invalid_tenant_id", "Invalid input", [
          { path: "tenantId", message: "must be a 24-character hex ObjectId" },
        ]);
      tenantId = id.data;
    } else {
      const id = tenantIdSchema.safeParse(pathTenantId);
      if (!id.success) throw new Rejection("not_found", "unknown_tenant", "Tenant not found");
      tenantId = id.data;
    }
    state.tenantId = tenantId;

    const result = await acceptWebhook({
      tenantId,
      kind,
      tenantFromPath: pathTenantId !== null,
      header: (name) => header(req, name),
      keptHeaders: selectHeaders(req.headers),
      body,
      text,
      parsed,
      parseError,
      rateLimit: true,
      trace: traceFor(header(req, "x-pulseboard-trace")),
    });
    sendJson(res, result.status, result.body);
    countDelivery(tenantId, new Date(), { accepted: true });
  } catch (caught) {
    // A tenant that does not exist has no debugger to keep the refusal in.
    if (caught instanceof Rejection && caught.reason === "unknown_tenant") state.tenantId = null;
    answerFailure(req, res, caught, state, kind);
  }
}
