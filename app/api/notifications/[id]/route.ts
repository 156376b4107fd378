import { requireTenant } from "@/lib/auth/resolve-caller";
import { AppError } from "@/lib/errors";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { resolveViewer } from "@/lib/notifications/resolve-viewer";
import { updateNotificationSchema } from "@/lib/notifications/schemas";
import { setNotificationState } from "@/lib/notifications/set-notification-state";

/** Read/unread and dismissed/restored, for the caller only (an API key names the member with ?userId). */
export const PATCH = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const context = await requireTenant(request);
  const viewer = await resolveViewer(context, new URL(request.url).searchParams.get("userId"));
  if (!viewer) throw new AppError("bad_request", "Read state is per member: pass ?userId= with an API key");
  const change = updateNotificationSchema.parse(await readJson(request));
  const { id } = await params;
  const result = await setNotificationState(context.tenantId, viewer, id, change);
  return jsonOk({ success: true, ...result });
});
