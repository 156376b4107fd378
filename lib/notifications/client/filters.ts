import { z } from "zod";
import type { NotificationItem } from "@/lib/notifications/client/api";
import { notificationPriorities, notificationTypes } from "@/lib/notifications/schemas";

// The notifications page's filters, kept in the address so a filtered view can be bookmarked.
// Anything unrecognised in the address falls back to "all" instead of failing the page.
export const pageFiltersSchema = z.object({
  type: z.enum(notificationTypes).optional().catch(undefined),
  priority: z.enum(notificationPriorities).optional().catch(undefined),
  read: z.enum(["all", "unread"]).default("all").catch("all"),
});
export type PageFilters = z.infer<typeof pageFiltersSchema>;

export function filtersToParams(filters: PageFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.type) params.set("type", filters.type);
  if (filters.priority) params.set("priority", filters.priority);
  if (filters.read !== "all") params.set("read", filters.read);
  return params;
}

/** Whether a notification pushed live belongs in the list as it is filtered now. */
export function matchesFilters(item: NotificationItem, filters: PageFilters): boolean {
  if (item.isDismissed) return false;
  if (filters.read === "unread" && item.isRead) return false;
  if (filters.type && item.type !== filters.type) return false;
  if (filters.priority && item.priority !== filters.priority) return false;
  return true;
}
