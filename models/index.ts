import mongoose from "mongoose";
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

/**
 * Creates each model's collection and indexes. FerretDB v1 answers a query through no index but
 * `_id` (docs/operations.md), so there a secondary index is only a cost on every insert: only the
 * unique ones, which enforce exactly-once, are created. MongoDB gets them all.
 */
export async function ensureIndexes(): Promise<void> {
  const buildInfo = (await mongoose.connection.db?.admin().command({ buildInfo: 1 })) ?? {};
  const onFerretDb = "ferretdbVersion" in buildInfo;
  for (const m of allModels() as Array<Pick<typeof Tenant, "createCollection" | "createIndexes" | "schema" | "collection">>) {
    await m.createCollection().catch(() => undefined);
    if (!onFerretDb) {
      await m.createIndexes();
      continue;
    }
    for (const [fields, options] of m.schema.indexes()) {
      if (options?.unique) await m.collection.createIndex(fields as Record<string, 1 | -1>, options as never);
    }
  }
}
