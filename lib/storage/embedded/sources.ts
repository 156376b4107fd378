import type { Db } from "mongodb";
import { type SourceDoc, sourceDocument } from "@/lib/storage/common/source-document";
import { serialWrite } from "@/lib/storage/embedded/insert-batched";
import type { SourcesPort } from "@/lib/storage/ports/sources";

const { objectId } = sourceDocument;
const oldestFirst = (a: SourceDoc, b: SourceDoc) =>
  new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || a._id.toHexString().localeCompare(b._id.toHexString());

/**
 * Sources in `sources`, each reached by `_id` alone (the look-up FerretDB v1 answers without a
 * scan: the inbound hot path takes it on a cache miss; the tenant is compared here), a tenant's
 * list by a scan of that small collection. Conditional writes read then write on FerretDB, so
 * they run in the database's single writer.
 */
export function createEmbeddedSources(db: Db): SourcesPort {
  const sources = db.collection<SourceDoc>("sources");
  const lane = db.databaseName;
  const serialize = <T>(write: () => Promise<T>) => serialWrite(write, "record", lane);

  async function owned(tenantId: string, sourceId: string): Promise<SourceDoc | null> {
    const _id = objectId(sourceId);
    if (!_id || !objectId(tenantId)) return null;
    const doc = await sources.findOne({ _id });
    return doc && doc.tenantId.toHexString() === tenantId.toLowerCase() ? doc : null;
  }

  async function listed(tenantId: string): Promise<SourceDoc[]> {
    const tenant = objectId(tenantId);
    return tenant ? (await sources.find({ tenantId: tenant }).toArray()).sort(oldestFirst) : [];
  }

  return {
    create(tenantId, build) {
      return sourceDocument.insert(sources, tenantId, build);
    },
    async list(tenantId) {
      return (await listed(tenantId)).map(sourceDocument.toRecord);
    },
    async count(tenantId) {
      return (await listed(tenantId)).length;
    },
    async find(tenantId, sourceId) {
      const doc = await owned(tenantId, sourceId);
      return doc ? sourceDocument.toRecord(doc) : null;
    },
    update(tenantId, sourceId, change) {
      return serialize(async () => {
        const doc = await owned(tenantId, sourceId);
        if (!doc) return null;
        const set = sourceDocument.toSet(change, new Date());
        await sources.updateOne({ _id: doc._id }, { $set: set });
        return sourceDocument.toRecord({ ...doc, ...set } as SourceDoc);
      });
    },
    rotateSecret(tenantId, sourceId, expectedSealed, rotation) {
      return serialize(async () => {
        const doc = await owned(tenantId, sourceId);
        if (!doc || doc.secretSealed !== expectedSealed) return false;
        await sources.updateOne({ _id: doc._id }, { $set: { ...rotation, updatedAt: new Date() } });
        return true;
      });
    },
    remove(tenantId, sourceId) {
      return serialize(async () => {
        const doc = await owned(tenantId, sourceId);
        if (!doc) return false;
        await sources.deleteOne({ _id: doc._id });
        return true;
      });
    },
    async listWatched(limit) {
      // A scan of every tenant's sources: a handful each, read once a minute by the silence watch.
      const docs = await sources.find({}).toArray();
      return docs
        .filter((doc) => doc.enabled && typeof doc.silentAfterHours === "number" && doc.silentAfterHours > 0)
        .slice(0, limit)
        .map(sourceDocument.toRecord);
    },
  };
}
