import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { getPreferences } from "@/lib/notifications/get-preferences";
import { resolveViewer } from "@/lib/notifications/resolve-viewer";
import { savePreferences } from "@/lib/notifications/save-preferences";
import { notificationPreferencesSchema } from "@/lib/notifications/schemas";

export const dynamic = "force-dynamic";

const perMember = "Preferences are per member: pass ?userId= with an API key";

/** The caller's own notification preferences (an API key names the member with ?userId). */
export const GET = apiRoute({ access: "member" }, async ({ request, ...context }) => {
  const viewer = await resolveViewer(context, new URL(request.url).searchParams.get("userId"));
  if (!viewer) throw new AppError("bad_request", perMember);
  return jsonOk({ success: true, preferences: await getPreferences(context.tenantId, viewer) });
});

/** Replaces them: the whole object, so what is saved is exactly what the form showed. */
export const PUT = apiRoute({ access: "member", body: notificationPreferencesSchema }, async ({ request, body, ...context }) => {
  const viewer = await resolveViewer(context, new URL(request.url).searchParams.get("userId"));
  if (!viewer) throw new AppError("bad_request", perMember);
  return jsonOk({ success: true, preferences: await savePreferences(context.tenantId, viewer, body) });
});
