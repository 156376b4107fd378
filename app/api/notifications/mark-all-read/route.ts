import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { markAllRead } from "@/lib/notifications/mark-all-read";
import { resolveViewer } from "@/lib/notifications/resolve-viewer";

export const POST = apiRoute({ access: "member" }, async ({ request, ...context }) => {
  const viewer = await resolveViewer(context, new URL(request.url).searchParams.get("userId"));
  if (!viewer) throw new AppError("bad_request", "Read state is per member: pass ?userId= with an API key");
  return jsonOk({ success: true, ...(await markAllRead(context.tenantId, viewer)) });
});
