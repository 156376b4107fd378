import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// The deliveries charts' counters (lib/storage/mongodb/delivery-stats.ts): one document per tenant
// and UTC day, `_id` "<tenant>:<YYYYMMDD>", its hours under `h.t<HH>` (accepted, refused by reason,
// outbound attempts per endpoint). Added to with `$inc` by `_id` and read by `_id`, so it needs no
// index but the TTL one. The embedded adapter keeps them per tenant (`dstats_<tenant>`).
const deliveryStatsSchema = new Schema(
  {
    _id: { type: String, required: true },
    tenantId: { type: Schema.Types.ObjectId, required: true },
    /** The day's start (UTC): what ages the document. */
    day: { type: Date, required: true },
    h: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: "delivery_stats", minimize: false },
);
// deliveryStats.expire: days older than the charts reach back go (the TTL monitor, or the bounded delete).
deliveryStatsSchema.index({ day: 1 }, { name: "expire", expireAfterSeconds: 400 * 24 * 3600 });

export type DeliveryStatsFields = InferSchemaType<typeof deliveryStatsSchema>;
type DeliveryStatsModel = Model<DeliveryStatsFields>;
export const DeliveryStatsModel: DeliveryStatsModel =
  (mongoose.models.DeliveryStats as DeliveryStatsModel | undefined) ??
  mongoose.model<DeliveryStatsFields>("DeliveryStats", deliveryStatsSchema);
