import { actorOf } from "@/lib/activity/actor-of";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { findSource } from "@/lib/sources/find-source";
import { removeSource } from "@/lib/sources/remove-source";
import { updateSourceSchema } from "@/lib/sources/schemas";
import { toSourceView } from "@/lib/sources/to-source-view";
import { updateSource } from "@/lib/sources/update-source";

export const dynamic = "force-dynamic";

const change = { access: "admin", action: "change webhook settings" } as const;

export const GET = apiRoute({ access: "member" }, async ({ tenantId, params }) =>
  jsonOk({ success: true, source: toSourceView(await findSource(tenantId, params.id ?? "")) }),
);

/** Any subset of name, enabled and options (`{ enabled: false }` disables it: its URL answers 403). */
export const PATCH = apiRoute({ ...change, body: updateSourceSchema }, async ({ tenantId, caller, params, body }) =>
  jsonOk({ success: true, source: await updateSource(tenantId, params.id ?? "", body, actorOf(caller)) }),
);

export const DELETE = apiRoute(change, async ({ tenantId, caller, params }) => {
  await removeSource(tenantId, params.id ?? "", actorOf(caller));
  return jsonOk({ success: true });
});
