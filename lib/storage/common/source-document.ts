import { type Collection, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import type { NewSource, SourceChange, SourceRecord } from "@/lib/storage/ports/sources";

// Both adapters keep sources in `sources` (models/source.ts), one document each.
export type SourceDoc = {
  _id: ObjectId;
  tenantId: ObjectId;
  type: SourceRecord["type"];
  name: string;
  enabled: boolean;
  options: Record<string, unknown>;
  silentAfterHours?: number | null;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
  secretRotatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The stored document and its conversions, shared by both adapters. */
export const sourceDocument = {
  objectId: objectIdOf,

  async insert(sources: Collection<SourceDoc>, tenantId: string, build: (id: string) => NewSource): Promise<SourceRecord | null> {
    const tenant = objectIdOf(tenantId);
    if (!tenant) return null;
    const _id = new ObjectId();
    const now = new Date();
    const doc: SourceDoc = {
      _id,
      tenantId: tenant,
      ...build(_id.toHexString()),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      secretRotatedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await sources.insertOne(doc);
    return sourceDocument.toRecord(doc);
  },

  toRecord(doc: SourceDoc): SourceRecord {
    return {
      id: doc._id.toHexString(),
      tenantId: doc.tenantId.toHexString(),
      type: doc.type,
      name: doc.name,
      enabled: doc.enabled,
      options: doc.options ?? {},
      silentAfterHours: typeof doc.silentAfterHours === "number" ? doc.silentAfterHours : null,
      secretSealed: doc.secretSealed,
      previousSecretSealed: doc.previousSecretSealed ?? null,
      previousSecretExpiresAt: doc.previousSecretExpiresAt ? new Date(doc.previousSecretExpiresAt) : null,
      secretRotatedAt: doc.secretRotatedAt ? new Date(doc.secretRotatedAt) : null,
      createdAt: new Date(doc.createdAt),
      updatedAt: new Date(doc.updatedAt),
    };
  },

  toSet(change: SourceChange, now: Date): Record<string, unknown> {
    const set: Record<string, unknown> = { updatedAt: now };
    for (const [key, value] of Object.entries(change)) if (value !== undefined) set[key] = value;
    return set;
  },
};
