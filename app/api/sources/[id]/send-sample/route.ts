import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { sendSourceSampleSchema } from "@/lib/sources/schemas";
import { sendSourceSample } from "@/lib/sources/send-source-sample";

export const dynamic = "force-dynamic";

/** Sends a signed sample in the platform's shape to the source's own URL and reports the answer. */
export const POST = apiRoute(
  { access: "admin", action: "change webhook settings", body: sendSourceSampleSchema, bodyOptional: true },
  async ({ tenantId, params, body }) =>
    jsonOk({ success: true, ...(await sendSourceSample(tenantId, params.id ?? "", body.topic)) }),
);
