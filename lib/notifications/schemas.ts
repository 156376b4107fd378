import { z } from "zod";
import { notificationWebhookSchema } from "@/lib/webhooks/schemas";

export const notificationTypes = ["info", "success", "warning", "error"] as const;
export const notificationPriorities = ["low", "medium", "high", "urgent"] as const;
export type NotificationType = (typeof notificationTypes)[number];
export type NotificationPriority = (typeof notificationPriorities)[number];

/** Where a notification sits: "t12" = 12th of the tenant feed, "u3" = 3rd of the user's own feed. */
export const positionSchema = z
  .string()
  .regex(/^[tu][1-9][0-9]{0,14}$/, "must look like t12 or u3")
  .transform((value) => ({ feed: value[0] as "t" | "u", seq: Number(value.slice(1)) }));

/**
 * A place in both feeds at once, "t<seq>.u<seq>". As `cursor` (newest first) it is an exclusive upper
 * bound; as `after` (catch-up, oldest first) the last position the client has seen.
 */
export const feedCursorSchema = z
  .string()
  .regex(/^t[0-9]{1,15}\.u[0-9]{1,15}$/, "must look like t120.u3")
  .transform((value) => {
    const [t = "t0", u = "u0"] = value.split(".");
    return { t: Number(t.slice(1)), u: Number(u.slice(1)) };
  });
export type FeedCursor = { t: number; u: number };

const bool = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((value) => value.split(",").filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const listNotificationsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    includeRead: bool.default(true),
    includeDismissed: bool.default(false),
    // The archive: only what the member dismissed (the inbox's Archived tab).
    onlyDismissed: bool.default(false),
    // Only what the member snoozed and is still asleep (the inbox's Snoozed tab); otherwise those are left out.
    onlySnoozed: bool.default(false),
    type: list(notificationTypes).optional(),
    priority: list(notificationPriorities).optional(),
    cursor: feedCursorSchema.optional(),
    after: feedCursorSchema.optional(),
    userId: z.string().min(1).max(64).optional(),
  })
  .refine((query) => !(query.cursor && query.after), { message: "use either cursor or after, not both", path: ["after"] });
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;

// The same fields as a notification webhook, without the tenant (the caller's tenant is implied).
export const createNotificationSchema = notificationWebhookSchema.omit({ tenantId: true });
export type CreateNotificationInput = z.infer<typeof createNotificationSchema>;

/** How far ahead a notification may be snoozed. */
export const MAX_SNOOZE_MS = 30 * 24 * 3600 * 1000;

export const updateNotificationSchema = z
  .object({
    isRead: z.boolean().optional(),
    isDismissed: z.boolean().optional(),
    // Until when to hide it (an ISO time, at most 30 days ahead); null wakes it now.
    snoozedUntil: z.iso
      .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
      .refine((value) => Date.parse(value) > Date.now(), { message: "must be in the future" })
      .refine((value) => Date.parse(value) <= Date.now() + MAX_SNOOZE_MS, { message: "must be at most 30 days ahead" })
      .nullable()
      .optional(),
  })
  .strict()
  .refine((body) => body.isRead !== undefined || body.isDismissed !== undefined || body.snoozedUntil !== undefined, {
    message: "give isRead, isDismissed and/or snoozedUntil",
  });
export type UpdateNotificationInput = z.infer<typeof updateNotificationSchema>;

export const notificationIdSchema = z.string().regex(/^[0-9a-f]{24}$/i);

/**
 * A member's own notification preferences (Settings → Notifications): which types pop up as a
 * toast, which priorities stay until closed, and a short sound with each toast. The bell and the
 * inbox list everything whatever the choice.
 */
export const notificationPreferencesSchema = z.strictObject({
  toast: z.strictObject({ info: z.boolean(), success: z.boolean(), warning: z.boolean(), error: z.boolean() }),
  sticky: z.strictObject({ low: z.boolean(), medium: z.boolean(), high: z.boolean(), urgent: z.boolean() }),
  sound: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** Before a member chooses: every type toasts, urgent ones stay until closed, silent. */
export const defaultNotificationPreferences: NotificationPreferences = {
  toast: { info: true, success: true, warning: true, error: true },
  sticky: { low: false, medium: false, high: false, urgent: true },
  sound: false,
};
