import { requireCaller, resolveTenant } from "@/lib/auth/resolve-caller";
import { listNotifications, type NotificationPage } from "@/lib/notifications/list-notifications";
import { resolveViewer } from "@/lib/notifications/resolve-viewer";
import { listNotificationsQuerySchema } from "@/lib/notifications/schemas";

/**
 * `GET /api/notifications`: the caller's page of their tenant's inbox. Served by server.ts ahead
 * of Next (lib/server/create-hot-path-router.ts) — every open tab reads it on load and on each
 * reconnect — and by the App Router route for anything that reaches Next.
 */
export async function getInboxPage(headers: Headers, searchParams: URLSearchParams): Promise<NotificationPage> {
  const context = await resolveTenant(await requireCaller(headers), headers.get("x-tenant-id"));
  const query = listNotificationsQuerySchema.parse(Object.fromEntries(searchParams));
  const viewer = await resolveViewer(context, query.userId);
  return listNotifications(context.tenantId, viewer, query);
}
