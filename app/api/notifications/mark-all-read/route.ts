import { requireTenant } from "@/lib/auth/resolve-caller";
import { AppError } from "@/lib/errors";
import { jsonOk, route } from "@/lib/http/json-response";
import { markAllRead } from "@/lib/notifications/mark-all-read";
import { resolveViewer } from "@/lib/notifications/resolve-viewer";

export const POST = route(async (request: Request) => {
  const context = await requireTenant(request);
  const viewer = await resolveViewer(context, new URL(request.url).searchParams.get("userId"));
  if (!viewer) throw new AppError("bad_request", "Read state is per member: pass ?userId= with an API key");
  const result = await markAllRead(context.tenantId, viewer);
  return jsonOk({ success: true, ...result });
});
