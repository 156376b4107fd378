import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { sendTestWebhook } from "@/lib/webhook-settings/send-test-webhook";

export const dynamic = "force-dynamic";

/** Runs a signed sample through the real inbound pipeline and reports each step with its time. */
export const POST = apiRoute({ access: "admin", action: "change webhook settings" }, async ({ tenantId }) =>
  jsonOk(await sendTestWebhook(tenantId)),
);
