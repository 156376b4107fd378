import { ActivityLog } from "@/models/activity-log";
import { Notification } from "@/models/notification";
import { Order } from "@/models/order";
import { OutboundEndpoint } from "@/models/outbound-endpoint";
import { Payment } from "@/models/payment";
import { RejectedDelivery } from "@/models/rejected-delivery";
import { Tenant } from "@/models/tenant";
import { WebhookEvent } from "@/models/webhook-event";

/** Every model, so start-up can create their indexes once (autoIndex is off). */
export const allModels = [Tenant, Order, Payment, Notification, ActivityLog, WebhookEvent, RejectedDelivery, OutboundEndpoint];

export async function ensureIndexes(): Promise<void> {
  for (const m of allModels) {
    await m.createCollection().catch(() => undefined);
    await m.createIndexes();
  }
}
