import { actorOf } from "@/lib/activity/actor-of";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { rotateSourceSecret } from "@/lib/sources/rotate-source-secret";
import { rotateSourceSecretSchema } from "@/lib/sources/schemas";

export const dynamic = "force-dynamic";

/** `{secret}` pasted from the platform, or `{}` for a generated one; the answer shows it once. */
export const POST = apiRoute(
  { access: "admin", action: "change webhook settings", body: rotateSourceSecretSchema, bodyOptional: true },
  async ({ tenantId, caller, params, body }) =>
    jsonOk({ success: true, ...(await rotateSourceSecret(tenantId, params.id ?? "", body.secret, actorOf(caller))) }),
);
