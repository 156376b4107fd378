import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// The `mongodb` adapter's payments waiting for their order (lib/storage/mongodb/orders.ts): one
// document per parked payment record, `_id` = the record's, only inserted and deleted (deleting
// one claims it). The embedded adapter keeps per-tenant marker collections instead
// (lib/storage/embedded/orders.ts).
const parkedPaymentSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    orderNumber: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: "parked_payments", minimize: false },
);
// parkedPayments.listForOrder: the payments parked for an order number, read when that order arrives.
parkedPaymentSchema.index({ tenantId: 1, orderNumber: 1 }, { name: "tenant_order" });

export type ParkedPaymentFields = InferSchemaType<typeof parkedPaymentSchema>;
type ParkedPaymentModel = Model<ParkedPaymentFields>;
export const ParkedPayment: ParkedPaymentModel =
  (mongoose.models.ParkedPayment as ParkedPaymentModel | undefined) ??
  mongoose.model<ParkedPaymentFields>("ParkedPayment", parkedPaymentSchema);
