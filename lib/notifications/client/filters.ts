import { z } from "zod";
import type { NotificationItem } from "@/lib/notifications/client/api";
import { notificationPriorities, notificationTypes } from "@/lib/notifications/schemas";

// The notifications page's tab and filters, kept in the address so a view can be bookmarked.
// Anything unrecognised in the address falls back to "all" instead of failing the page; the
// `read=unread` of links made before the tabs opens the Unread tab.
export const inboxTabs = ["all", "unread", "snoozed", "archived"] as const;
export type InboxTab = (typeof inboxTabs)[number];

export const pageFiltersSchema = z
  .object({
    type: z.enum(notificationTypes).optional().catch(undefined),
    priority: z.enum(notificationPriorities).optional().catch(undefined),
    tab: z.enum(inboxTabs).optional().catch(undefined),
    read: z.enum(["all", "unread"]).optional().catch(undefined),
  })
  .transform(({ read, tab, ...rest }) => ({ ...rest, tab: tab ?? (read === "unread" ? "unread" : "all") }) as const);
export type PageFilters = {
  type?: (typeof notificationTypes)[number];
  priority?: (typeof notificationPriorities)[number];
  tab: InboxTab;
};

export function filtersToParams(filters: PageFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.tab !== "all") params.set("tab", filters.tab);
  if (filters.type) params.set("type", filters.type);
  if (filters.priority) params.set("priority", filters.priority);
  return params;
}

/** Whether a notification pushed live belongs in the list as it is filtered now (never in the archive). */
export function matchesFilters(item: NotificationItem, filters: PageFilters): boolean {
  if (item.isDismissed || filters.tab === "archived" || filters.tab === "snoozed") return false;
  if (filters.tab === "unread" && item.isRead) return false;
  if (filters.type && item.type !== filters.type) return false;
  if (filters.priority && item.priority !== filters.priority) return false;
  return true;
}

/** The times a notification can be snoozed until, from `now`: in an hour, tomorrow at 9, next Monday at 9. */
export function snoozeChoices(now: Date): Array<{ label: string; until: Date }> {
  const at9 = (daysAhead: number) => {
    const day = new Date(now);
    day.setDate(day.getDate() + daysAhead);
    day.setHours(9, 0, 0, 0);
    return day;
  };
  const toMonday = (8 - now.getDay()) % 7 || 7;
  return [
    { label: "1 hour", until: new Date(now.getTime() + 3_600_000) },
    { label: "Tomorrow, 9:00", until: at9(1) },
    { label: "Next week (Monday, 9:00)", until: at9(toMonday) },
  ];
}
