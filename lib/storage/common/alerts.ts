import type { Collection, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import { withDocumentLock } from "@/lib/storage/common/with-document-lock";
import { isDuplicateKey } from "@/lib/storage/errors";
import type { Alert, AlertKind, AlertsPort } from "@/lib/storage/ports/alerts";

export type AlertDocument = Omit<Alert, "id"> & { _id: string; tenantId: ObjectId };

const idOf = (tenantId: string, kind: AlertKind, subject: string) => `${tenantId}:${kind}:${subject}`;

function toAlert({ _id, tenantId: _tenant, ...doc }: AlertDocument): Alert {
  return { id: _id, ...doc };
}

const openFirst = (a: Alert, b: Alert) =>
  (a.state === "open" ? 0 : 1) - (b.state === "open" ? 0 : 1) || +b.openedAt - +a.openedAt || a.id.localeCompare(b.id);

/**
 * Both adapters' alerts: one document per (tenant, kind, subject), `_id` "<tenant>:<kind>:<subject>",
 * so every write is by `_id` (the look-up FerretDB answers without a scan) and a compare-and-set on
 * `state`. Where they live and how a tenant's are listed is the adapter's (`collection`, `list`);
 * the embedded adapter passes its single writer as `serialize`.
 */
export function createAlerts(options: {
  collection: (tenantId: string) => Collection<AlertDocument>;
  list: (collection: Collection<AlertDocument>, tenant: ObjectId) => Promise<AlertDocument[]>;
  serialize?: <T>(write: () => Promise<T>) => Promise<T>;
}): AlertsPort {
  // FerretDB applies an update by reading the document and writing it back: the per-document lock
  // keeps two compare-and-sets of one alert in this process apart (on MongoDB they are atomic anyway).
  const write = <T>(id: string, change: () => Promise<T>) =>
    withDocumentLock(id, () => (options.serialize ? options.serialize(change) : change()));

  async function resolveById(tenantId: string, id: string, by: Alert["resolvedBy"], at: Date): Promise<Alert | null> {
    const tenant = objectIdOf(tenantId);
    if (!tenant || !id.startsWith(`${tenantId}:`)) return null;
    const doc = await write(id, () =>
      options
        .collection(tenantId)
        .findOneAndUpdate(
          { _id: id, tenantId: tenant, state: "open" },
          { $set: { state: "resolved", resolvedAt: at, resolvedBy: by } },
          { returnDocument: "after" },
        ),
    );
    return doc ? toAlert(doc) : null;
  }

  return {
    async raise(tenantId, alert, at) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) throw new Error(`not a tenant id: ${tenantId}`);
      const collection = options.collection(tenantId);
      const _id = idOf(tenantId, alert.kind, alert.subject);
      const fresh: AlertDocument = {
        _id,
        tenantId: tenant,
        ...alert,
        state: "open",
        openedAt: at,
        lastSeenAt: at,
        resolvedAt: null,
        resolvedBy: null,
        occurrences: 1,
      };
      const inserted = await write(_id, () =>
        collection
          .insertOne(fresh)
          .then(() => true)
          .catch((error: unknown) => (isDuplicateKey(error) ? false : Promise.reject(error))),
      );
      if (inserted) return { opened: true, alert: toAlert(fresh) };
      // Known: open it again if it was resolved, else note that it is still true. Twice at most: an
      // admin may resolve it between the two steps, and then it opens again.
      for (let round = 0; round < 2; round++) {
        const reopened = await write(_id, () =>
          collection.findOneAndUpdate(
            { _id, tenantId: tenant, state: "resolved" },
            {
              $set: { ...alert, state: "open", openedAt: at, lastSeenAt: at, resolvedAt: null, resolvedBy: null },
              $inc: { occurrences: 1 },
            },
            { returnDocument: "after" },
          ),
        );
        if (reopened) return { opened: true, alert: toAlert(reopened) };
        const open = await write(_id, () =>
          collection.findOneAndUpdate(
            { _id, tenantId: tenant, state: "open" },
            { $set: { lastSeenAt: at, detail: alert.detail } },
            { returnDocument: "after" },
          ),
        );
        if (open) return { opened: false, alert: toAlert(open) };
      }
      throw new Error(`alert ${_id} changed state twice while it was raised`);
    },
    resolve: (tenantId, alertId, by, at) => resolveById(tenantId, alertId, by, at),
    resolveOpen: (tenantId, kind, subject, by, at) => resolveById(tenantId, idOf(tenantId, kind, subject), by, at),
    async list(tenantId) {
      const tenant = objectIdOf(tenantId);
      if (!tenant) return [];
      return (await options.list(options.collection(tenantId), tenant)).map(toAlert).sort(openFirst);
    },
  };
}
