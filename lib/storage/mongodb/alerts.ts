import type { Db } from "mongodb";
import { type AlertDocument, createAlerts } from "@/lib/storage/common/alerts";
import type { AlertsPort } from "@/lib/storage/ports/alerts";

/** One `alerts` collection for every tenant; writes by `_id`, a tenant's list through `tenant_opened`. */
export function createMongoAlerts(db: Db): AlertsPort {
  const alerts = db.collection<AlertDocument>("alerts");
  return createAlerts({
    collection: () => alerts,
    // alerts.list
    list: (collection, tenant) => collection.find({ tenantId: tenant }).sort({ openedAt: -1, _id: -1 }).toArray(),
  });
}
