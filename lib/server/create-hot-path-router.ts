import type { IncomingMessage, ServerResponse } from "node:http";
import { toErrorResponse } from "@/lib/errors";
import { sendJson } from "@/lib/http/send-json";
import { getLogger } from "@/lib/logger";
import { getInboxPage } from "@/lib/notifications/get-inbox-page";
import { createWebhookRouter } from "@/lib/webhooks/ingest/create-webhook-router";

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(", "));
  }
  return headers;
}

async function handleInbox(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://localhost");
    sendJson(res, 200, { success: true, ...(await getInboxPage(headersOf(req), url.searchParams)) });
  } catch (error) {
    const { status, headers, body } = toErrorResponse(error);
    if (status >= 500) getLogger().error({ err: error }, "request failed");
    sendJson(res, status, body, headers);
  }
}

/**
 * The requests answered by node:http before Next: the webhook ingest and the inbox read, the two
 * paths every platform delivery and every open tab hit. Next's route handling added ~10–15 ms to
 * each inbox read (docs/benchmarks.md). Returns false for requests that are Next's.
 */
export function createHotPathRouter() {
  const webhooks = createWebhookRouter();
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    // A throw from here would escape server.ts's request listener: the client would get no answer at all.
    try {
      if (webhooks(req, res)) return true;
    } catch (error) {
      getLogger().error({ err: error, url: req.url?.slice(0, 200) }, "request failed");
      const { status, headers, body } = toErrorResponse(error);
      sendJson(res, status, body, headers);
      return true;
    }
    if (req.method === "GET" && (req.url === "/api/notifications" || req.url?.startsWith("/api/notifications?"))) {
      void handleInbox(req, res);
      return true;
    }
    return false;
  };
}
