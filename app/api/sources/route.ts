import { actorOf } from "@/lib/activity/actor-of";
import { hasPermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { createSource } from "@/lib/sources/create-source";
import { listSources } from "@/lib/sources/list-sources";
import { createSourceSchema } from "@/lib/sources/schemas";

export const dynamic = "force-dynamic";

/** Every member may see the tenant's sources and their URLs; never a secret. */
export const GET = apiRoute({ access: "member" }, async (context) =>
  jsonOk({ success: true, sources: await listSources(context.tenantId), canEdit: hasPermission(context, "admin") }),
);

/** The answer carries the source's secret: the only time it is ever shown. */
export const POST = apiRoute(
  { access: "admin", action: "change webhook settings", body: createSourceSchema },
  async ({ tenantId, caller, body }) =>
    jsonOk({ success: true, ...(await createSource(tenantId, body, actorOf(caller))) }, { status: 201 }),
);
