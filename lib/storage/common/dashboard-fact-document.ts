import type { OrderFact, PaymentFact } from "@/lib/storage/ports/dashboard";

/** An order version's fact as both adapters store it (`k: "o"`); `at` is when it was recorded. */
export type OrderFactDocument = OrderFact & { _id: unknown; k: "o"; at: Date };
/** A payment record's fact (`k: "p"`), under the payment record's `_id`. */
export type PaymentFactDocument = PaymentFact & { _id: unknown; k: "p" };

export function toOrderFact({
  orderId,
  v,
  orderNumber,
  customerName,
  amount,
  currency,
  status,
  createdAt,
}: OrderFactDocument): OrderFact {
  return { orderId, v, orderNumber, customerName, amount, currency, status, createdAt: new Date(createdAt) };
}

export function toPaymentFact({ paymentId, status, amount, orderNumber, at }: PaymentFactDocument): PaymentFact {
  return { paymentId, status, amount, orderNumber: orderNumber ?? null, at: new Date(at) };
}
