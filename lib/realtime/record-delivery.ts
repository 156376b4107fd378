import type { Logger } from "pino";
import { notificationIdSchema } from "@/lib/notifications/schemas";

// Per process, since it started: enough to see in a debug log whether clients acknowledge at all.
let delivered = 0;

/**
 * A client's acknowledgement that a `new-notification` reached it. Counted and logged at debug
 * level only: it arrives once per tab per notification, too often to be worth a database write.
 * Anything that is not a notification id is ignored without an answer.
 */
export function recordDelivery(raw: unknown, who: Record<string, string>, log: Logger): void {
  const parsed = notificationIdSchema.safeParse(raw);
  if (!parsed.success) return;
  delivered += 1;
  log.debug({ notificationId: parsed.data, delivered, ...who }, "notification delivered");
}
