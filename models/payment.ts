import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

const paymentSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    paymentId: { type: String, required: true },
    status: { type: String, required: true },
    amount: { type: Number, required: true },
    orderNumber: { type: String, default: null },
    // Null until the order is known: a payment that arrives first is stored, never lost.
    orderId: { type: Schema.Types.ObjectId, default: null },
    metadata: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: true, collection: "payments", minimize: false },
);
// payments.findByKey: exactly-once per tenant + paymentId + status (a payment moving pending → paid
// is two records), and the record a duplicate delivery reports. Keeps its default name.
// Waiting payments are found in parked_payments, and an order's payments in the order itself.
paymentSchema.index({ tenantId: 1, paymentId: 1, status: 1 }, { unique: true });

export type PaymentFields = InferSchemaType<typeof paymentSchema>;
type PaymentModel = Model<PaymentFields>;
export const Payment: PaymentModel =
  (mongoose.models.Payment as PaymentModel | undefined) ?? mongoose.model<PaymentFields>("Payment", paymentSchema);
