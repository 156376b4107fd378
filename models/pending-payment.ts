import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// Payments waiting for their order. _id = derivedId("pending", tenantId, orderNumber); entries are
// removed once linked, so this collection stays tiny and the order path can read it cheaply.
const pendingPaymentSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    orderNumber: { type: String, required: true },
    paymentRecordIds: { type: [Schema.Types.ObjectId], default: [] },
  },
  { timestamps: true, collection: "pending_payments" },
);
// No secondary index: read and written by _id only.

export type PendingPaymentFields = InferSchemaType<typeof pendingPaymentSchema>;
type PendingPaymentModel = Model<PendingPaymentFields>;
export const PendingPayment: PendingPaymentModel =
  (mongoose.models.PendingPayment as PendingPaymentModel | undefined) ??
  mongoose.model<PendingPaymentFields>("PendingPayment", pendingPaymentSchema);
