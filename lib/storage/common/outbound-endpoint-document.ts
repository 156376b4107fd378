import { type Collection, ObjectId } from "mongodb";
import { objectIdOf } from "@/lib/storage/common/object-id-of";
import type { NewOutboundEndpoint, OutboundEndpointChange, OutboundEndpointRecord } from "@/lib/storage/ports/outbound";

// Both adapters keep endpoints in `outbound_endpoints` as earlier versions stored them (mongoose's
// field names), so existing endpoints — sealed or not — read the same through either adapter.
export type EndpointDoc = {
  _id: ObjectId;
  tenantId: ObjectId;
  url: string;
  description?: string;
  eventTypes: string[];
  headersSealed?: string | null;
  headers?: Record<string, string>;
  enabled: boolean;
  disabledReason?: OutboundEndpointRecord["disabledReason"];
  disabledAt?: Date | null;
  batchMaxEvents?: number | null;
  batchMaxWaitMs?: number | null;
  secretSealed: string;
  secretRotatedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The stored document and its conversions, shared by both adapters. */
export const endpointDocument = {
  objectId: objectIdOf,

  /** Inserts a new endpoint under a fresh id (`build` receives it, e.g. to derive its secret); null for a malformed tenant id. */
  async insert(
    endpoints: Collection<EndpointDoc>,
    tenantId: string,
    build: (id: string) => NewOutboundEndpoint,
  ): Promise<OutboundEndpointRecord | null> {
    const tenant = objectIdOf(tenantId);
    if (!tenant) return null;
    const _id = new ObjectId();
    const doc = endpointDocument.fromNew(_id, tenant, build(_id.toHexString()), new Date());
    await endpoints.insertOne(doc);
    return endpointDocument.toRecord(doc);
  },

  toRecord(doc: EndpointDoc): OutboundEndpointRecord {
    return {
      id: doc._id.toHexString(),
      tenantId: doc.tenantId.toHexString(),
      url: doc.url,
      description: doc.description ?? "",
      eventTypes: doc.eventTypes ?? ["*"],
      headersSealed: doc.headersSealed ?? null,
      legacyHeaders: doc.headers ?? {},
      enabled: doc.enabled,
      disabledReason: doc.disabledReason ?? null,
      disabledAt: doc.disabledAt ? new Date(doc.disabledAt) : null,
      batch: doc.batchMaxEvents && doc.batchMaxWaitMs ? { maxEvents: doc.batchMaxEvents, maxWaitMs: doc.batchMaxWaitMs } : null,
      secretSealed: doc.secretSealed,
      secretRotatedAt: doc.secretRotatedAt ? new Date(doc.secretRotatedAt) : null,
      createdAt: new Date(doc.createdAt),
      updatedAt: new Date(doc.updatedAt),
    };
  },

  fromNew(_id: ObjectId, tenantId: ObjectId, endpoint: NewOutboundEndpoint, now: Date): EndpointDoc {
    const { batch, ...rest } = endpoint;
    return {
      _id,
      tenantId,
      ...rest,
      headers: {},
      batchMaxEvents: batch?.maxEvents ?? null,
      batchMaxWaitMs: batch?.maxWaitMs ?? null,
      secretRotatedAt: null,
      createdAt: now,
      updatedAt: now,
    };
  },

  /** A `$set` for the change; sealing the headers clears the plaintext ones an earlier version kept. */
  toSet(change: OutboundEndpointChange, now: Date): Record<string, unknown> {
    const { batch, ...rest } = change;
    const set: Record<string, unknown> = { updatedAt: now };
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) set[key] = value;
    if (batch !== undefined) {
      set.batchMaxEvents = batch?.maxEvents ?? null;
      set.batchMaxWaitMs = batch?.maxWaitMs ?? null;
    }
    if (change.headersSealed !== undefined) set.headers = {};
    return set;
  },
};
