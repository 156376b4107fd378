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

export const updateNotificationSchema = z
  .object({ isRead: z.boolean().optional(), isDismissed: z.boolean().optional() })
  .strict()
  .refine((body) => body.isRead !== undefined || body.isDismissed !== undefined, {
    message: "give isRead and/or isDismissed",
  });
export type UpdateNotificationInput = z.infer<typeof updateNotificationSchema>;

export const notificationIdSchema = z.string().regex(/^[0-9a-f]{24}$/i);
