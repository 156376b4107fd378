import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { getInboxPage } from "@/lib/notifications/get-inbox-page";
import { notify } from "@/lib/notifications/notify";
import { createNotificationSchema } from "@/lib/notifications/schemas";
import { newId } from "@/lib/storage/ids";
import { getMembership } from "@/lib/tenants/get-membership";

export const dynamic = "force-dynamic";

/**
 * The caller's inbox: newest first with `cursor`, or oldest first after a position with `after`.
 * (server.ts answers this read ahead of Next; getInboxPage resolves the caller itself for both.)
 */
export const GET = apiRoute({ access: "public" }, async ({ request }) =>
  jsonOk({ success: true, ...(await getInboxPage(request.headers, new URL(request.url).searchParams)) }),
);

/** Creates a notification for the whole tenant, or for one member with `userId`. */
export const POST = apiRoute(
  { access: "admin", action: "create notifications", body: createNotificationSchema },
  async ({ tenantId, body, request }) => {
    if (body.userId && !(await getMembership(tenantId, body.userId))) {
      throw new AppError("validation_failed", "Invalid input", [{ path: "userId", message: "is not a member of this tenant" }]);
    }
    const idempotencyKey = request.headers.get("idempotency-key")?.trim().slice(0, 200);
    const sourceKey = `api:${idempotencyKey || newId()}`;
    const { created, notification } = await notify(tenantId, sourceKey, body, { uniqueCause: !idempotencyKey });
    return jsonOk({ success: true, notification, ...(created ? {} : { duplicate: true }) }, { status: created ? 201 : 200 });
  },
);
