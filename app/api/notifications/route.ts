import { Types } from "mongoose";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { AppError, forbidden } from "@/lib/errors";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { notify } from "@/lib/notifications/notify";
import { resolveViewer } from "@/lib/notifications/resolve-viewer";
import { createNotificationSchema, listNotificationsQuerySchema } from "@/lib/notifications/schemas";
import { getMembership } from "@/lib/tenants/get-membership";

export const dynamic = "force-dynamic";

/** The caller's inbox: newest first with `cursor`, or oldest first after a position with `after`. */
export const GET = route(async (request: Request) => {
  const context = await requireTenant(request);
  const query = listNotificationsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const viewer = await resolveViewer(context, query.userId);
  const page = await listNotifications(context.tenantId, viewer, query);
  return jsonOk({ success: true, ...page });
});

/** Creates a notification for the whole tenant, or for one member with `userId`. */
export const POST = route(async (request: Request) => {
  const { tenantId, role, caller } = await requireTenant(request);
  if (caller.kind === "user" && role === "member") throw forbidden("Only owners and admins can create notifications");
  const input = createNotificationSchema.parse(await readJson(request));
  if (input.userId && !(await getMembership(tenantId, input.userId))) {
    throw new AppError("validation_failed", "Invalid input", [{ path: "userId", message: "is not a member of this tenant" }]);
  }
  const idempotencyKey = request.headers.get("idempotency-key")?.trim().slice(0, 200);
  const sourceKey = `api:${idempotencyKey || new Types.ObjectId().toHexString()}`;
  const { created, notification } = await notify(tenantId, sourceKey, input, { uniqueCause: !idempotencyKey });
  return jsonOk({ success: true, notification, ...(created ? {} : { duplicate: true }) }, { status: created ? 201 : 200 });
});
