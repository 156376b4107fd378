import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

const itemSchema = new Schema({ productId: String, productName: String, quantity: Number, price: Number }, { _id: false });

const orderSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    orderNumber: { type: String, required: true },
    customerName: { type: String, required: true },
    customerEmail: { type: String, default: null },
    amount: { type: Number, required: true },
    currency: { type: String, default: "USD" },
    status: { type: String, required: true },
    // Latest payment status seen for this order (payments may arrive first; see link-pending-payments).
    paymentStatus: { type: String, default: null },
    items: { type: [itemSchema], default: [] },
    metadata: { type: Schema.Types.Mixed, default: {} },
    // Bumped by every accepted status change: the compare-and-set key that makes a change notify once.
    version: { type: Number, default: 0 },
    statusHistory: { type: [{ _id: false, status: String, at: Date }], default: [] },
    // The order's payment records as they were linked (order detail page): read with the order by
    // its _id instead of a query on `payments`, which the embedded database would answer by a scan.
    payments: {
      type: [{ _id: false, recordId: Schema.Types.ObjectId, paymentId: String, status: String, amount: Number, at: Date }],
      default: [],
    },
    // The source whose platform sent it (SPEC §8); null for our own format.
    sourceId: { type: String, default: null },
    // What the orders list's search matches: lower-case words of the number, name, email and
    // platform ids (lib/storage/common/order-keywords.ts).
    keywords: { type: [String], default: [] },
  },
  { timestamps: true, collection: "orders", minimize: false },
);
// orders.findByNumber: exactly-once per tenant + orderNumber (the mongodb adapter's insert), and the
// tenant's order by number (a repeated delivery, a payment naming its order). Keeps its default
// name, which databases of earlier versions already have.
orderSchema.index({ tenantId: 1, orderNumber: 1 }, { unique: true });
// orders.list: the orders list newest first, a date range and the cursor on createdAt + _id, and
// its search (a prefix of a keyword per word) checked in the index's keys before a document is read.
orderSchema.index({ tenantId: 1, createdAt: -1, _id: -1, keywords: 1 }, { name: "tenant_recent_keywords" });
// orders.listByStatus: the list filtered by order status (the other filters checked on the way).
orderSchema.index({ tenantId: 1, status: 1, createdAt: -1, _id: -1 }, { name: "tenant_status_recent" });
// orders.listByPaymentStatus: the list filtered by payment status (null: no payment yet).
orderSchema.index({ tenantId: 1, paymentStatus: 1, createdAt: -1, _id: -1 }, { name: "tenant_payment_status_recent" });
// orders.listBySource: one source's orders, or (null) those sent in our own format.
orderSchema.index({ tenantId: 1, sourceId: 1, createdAt: -1, _id: -1 }, { name: "tenant_source_recent" });

export type OrderFields = InferSchemaType<typeof orderSchema>;
type OrderModel = Model<OrderFields>;
export const Order: OrderModel =
  (mongoose.models.Order as OrderModel | undefined) ?? mongoose.model<OrderFields>("Order", orderSchema);
