import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// A tenant's source (SPEC §8): a platform posting in its own format to
// /api/webhooks/{tenantId}/sources/{sourceId}. Configuration, not history: a tenant has a handful.
// The hot path reads a source by `_id` on a cache miss (lib/sources/source-cache.ts). Both
// storage adapters read and write it through lib/storage/ (this schema declares its fields and indexes).
const sourceSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, required: true },
    name: { type: String, required: true },
    enabled: { type: Boolean, default: true },
    // The type's options (lib/sources/schemas.ts), e.g. Square's notification URL.
    options: { type: Schema.Types.Mixed, default: {} },
    // Hours without a delivery after which a "source gone silent" alert opens; null: never.
    silentAfterHours: { type: Number, default: null },
    // The platform's secret, AES-256-GCM sealed with the source id as associated data.
    secretSealed: { type: String, required: true },
    previousSecretSealed: { type: String, default: null },
    previousSecretExpiresAt: { type: Date, default: null },
    secretRotatedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: "sources", minimize: false },
);
// sources.list, sources.count: a tenant's sources in creation order (Sources page, CLI, API).
sourceSchema.index({ tenantId: 1, createdAt: 1, _id: 1 }, { name: "tenant_created" });
// sources.listWatched: the silence watch's sources, across tenants.
sourceSchema.index({ enabled: 1, silentAfterHours: 1 }, { name: "watched" });

export type SourceFields = InferSchemaType<typeof sourceSchema>;
type SourceModel = Model<SourceFields>;
export const Source: SourceModel =
  (mongoose.models.Source as SourceModel | undefined) ?? mongoose.model<SourceFields>("Source", sourceSchema);
