import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "@/lib/http/send-json";
import { countDelivery } from "@/lib/insights/count-delivery";
import { acceptSourceDelivery } from "@/lib/webhooks/ingest/accept-source-delivery";
import { answerFailure, newInboundState, receiveInbound } from "@/lib/webhooks/ingest/inbound-request";
import { loadTenantWebhookConfig } from "@/lib/webhooks/ingest/load-tenant-webhook-config";
import { selectHeaders } from "@/lib/webhooks/ingest/record-rejection";
import { header, Rejection } from "@/lib/webhooks/ingest/rejection";

const lowerCaseHeaders = (req: IncomingMessage): Record<string, string | undefined> =>
  Object.fromEntries(Object.keys(req.headers).map((name) => [name, header(req, name)]));

/**
 * A delivery to a source's URL (SPEC §8), in the inbound path's order: size → media type and
 * origin → tenant and source → the rest in accept-source-delivery.ts. Refusals are JSON errors and
 * rejected-delivery records, as on the other routes.
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
    state.tenantId = tenant.tenantId;
    const answer = await acceptSourceDelivery(tenant, {
      sourceId: pathSourceId.toLowerCase(),
      headers: lowerCaseHeaders(req),
      keptHeaders: selectHeaders(req.headers, true),
      body,
      rateLimit: true,
    });
    sendJson(res, answer.status, answer.body);
    countDelivery(tenant.tenantId, new Date(), { accepted: true });
  } catch (caught) {
    answerFailure(req, res, caught, state, `source:${pathSourceId.slice(0, 24)}`);
  }
}
