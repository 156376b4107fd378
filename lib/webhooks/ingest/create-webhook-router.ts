import type { IncomingMessage, ServerResponse } from "node:http";
import { handleHealthRequest } from "@/lib/webhooks/ingest/handle-health-request";
import { handleWebhookRequest } from "@/lib/webhooks/ingest/handle-webhook-request";
import { matchWebhookRoute } from "@/lib/webhooks/ingest/match-webhook-route";

/**
 * The webhook hot path, answered by node:http before Next sees the request (Next's route
 * handlers are ~20× slower here). Returns false for requests that are Next's.
 */
export function createWebhookRouter() {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const route = matchWebhookRoute(req.url);
    if (!route) return false;
    if (route.type === "health") void handleHealthRequest(res);
    else void handleWebhookRequest(req, res, route.kind, route.pathTenantId);
    return true;
  };
}
