import { Types } from "mongoose";
import { requireTenant } from "@/lib/auth/resolve-caller";
import { AppError, forbidden } from "@/lib/errors";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { getInboxPage } from "@/lib/notifications/get-inbox-page";
import { notify } from "@/lib/notifications/notify";
import { createNotificationSchema } from "@/lib/notifications/schemas";
import { getMembership } from "@/lib/tenants/get-membership";

export const dynamic = "force-dynamic";

/** The caller's inbox: newest first with `cursor`, or oldest first after a position with `after`. */
export const GET = route(async (request: Request) => {
  const page = await getInboxPage(request.headers, new URL(request.url).searchParams);
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
