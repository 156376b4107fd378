import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { resolveViewer } from "@/lib/notifications/resolve-viewer";
import { updateNotificationSchema } from "@/lib/notifications/schemas";
import { setNotificationState } from "@/lib/notifications/set-notification-state";

/** Read/unread and dismissed/restored, for the caller only (an API key names the member with ?userId). */
export const PATCH = apiRoute(
  { access: "member", body: updateNotificationSchema },
  async ({ request, params, body, ...context }) => {
    const viewer = await resolveViewer(context, new URL(request.url).searchParams.get("userId"));
    if (!viewer) throw new AppError("bad_request", "Read state is per member: pass ?userId= with an API key");
    return jsonOk({ success: true, ...(await setNotificationState(context.tenantId, viewer, params.id ?? "", body)) });
  },
);
