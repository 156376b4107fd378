import type { Db } from "mongodb";
import { type AlertDocument, createAlerts } from "@/lib/storage/common/alerts";
import { serialWrite } from "@/lib/storage/embedded/insert-batched";
import type { AlertsPort } from "@/lib/storage/ports/alerts";

/**
 * A collection per tenant (`alerts_<tenant>`, a few documents per endpoint and source), read whole
 * for the list: FerretDB v1 would read every tenant's alerts for a query on a shared one. Writes go
 * through the database's single writer.
 */
export function createEmbeddedAlerts(db: Db): AlertsPort {
  return createAlerts({
    collection: (tenantId) => db.collection<AlertDocument>(`alerts_${tenantId}`),
    list: (collection, tenant) => collection.find({ tenantId: tenant }).toArray(),
    serialize: (write) => serialWrite(write, "record", db.databaseName),
  });
}
