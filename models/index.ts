import { activityLogs } from "@/models/activity-log";
import { Notification } from "@/models/notification";
import { Order } from "@/models/order";
import { OutboundEndpoint } from "@/models/outbound-endpoint";
import { Payment } from "@/models/payment";
import { RejectedDelivery } from "@/models/rejected-delivery";
import { Tenant } from "@/models/tenant";
import { webhookEvents } from "@/models/webhook-event";

/** Every model, so start-up can create their indexes once (autoIndex is off); after connecting. */
export function allModels() {
  return [Tenant, Order, Payment, Notification, activityLogs(), webhookEvents(), RejectedDelivery, OutboundEndpoint];
}

export async function ensureIndexes(): Promise<void> {
  for (const m of allModels() as Array<Pick<typeof Tenant, "createCollection" | "createIndexes">>) {
    await m.createCollection().catch(() => undefined);
    await m.createIndexes();
  }
}
