import type { Db } from "mongodb";
import { type SourceDoc, sourceDocument } from "@/lib/storage/common/source-document";
import { queryShapes } from "@/lib/storage/mongodb/query-shapes";
import type { SourcesPort } from "@/lib/storage/ports/sources";

const { objectId } = sourceDocument;

/**
 * Every tenant's sources in one `sources` collection: a source is found by its primary key with
 * the tenant in the filter, a tenant's list through `tenant_created`; the rotation is one
 * conditional update, atomic on MongoDB.
 */
export function createMongoSources(db: Db): SourcesPort {
  const sources = db.collection<SourceDoc>(queryShapes["sources.list"].collection);
  const ids = (tenantId: string, sourceId: string) => {
    const [tenant, _id] = [objectId(tenantId), objectId(sourceId)];
    return tenant && _id ? { _id, tenantId: tenant } : null;
  };
  return {
    create(tenantId, build) {
      return sourceDocument.insert(sources, tenantId, build);
    },
    async list(tenantId) {
      const tenant = objectId(tenantId);
      if (!tenant) return [];
      // sources.list
      const docs = await sources.find({ tenantId: tenant }).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(sourceDocument.toRecord);
    },
    async count(tenantId) {
      const tenant = objectId(tenantId);
      // sources.count
      return tenant ? sources.countDocuments({ tenantId: tenant }) : 0;
    },
    async find(tenantId, sourceId) {
      const filter = ids(tenantId, sourceId);
      // sources.find
      const doc = filter ? await sources.findOne(filter) : null;
      return doc ? sourceDocument.toRecord(doc) : null;
    },
    async update(tenantId, sourceId, change) {
      const filter = ids(tenantId, sourceId);
      if (!filter) return null;
      // sources.update
      const doc = await sources.findOneAndUpdate(
        filter,
        { $set: sourceDocument.toSet(change, new Date()) },
        { returnDocument: "after" },
      );
      return doc ? sourceDocument.toRecord(doc) : null;
    },
    async rotateSecret(tenantId, sourceId, expectedSealed, rotation) {
      const filter = ids(tenantId, sourceId);
      if (!filter) return false;
      // sources.rotateSecret
      const result = await sources.updateOne(
        { ...filter, secretSealed: expectedSealed },
        { $set: { ...rotation, updatedAt: new Date() } },
      );
      return result.matchedCount === 1;
    },
    async listWatched(limit) {
      // sources.listWatched
      const docs = await sources
        .find({ enabled: true, silentAfterHours: { $gt: 0 } })
        .limit(limit)
        .toArray();
      return docs.map(sourceDocument.toRecord);
    },
    async remove(tenantId, sourceId) {
      const filter = ids(tenantId, sourceId);
      if (!filter) return false;
      // sources.remove
      return (await sources.deleteOne(filter)).deletedCount === 1;
    },
  };
}
