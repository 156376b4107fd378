import { recordFact } from "@/lib/dashboard/record-fact";
import { type PaymentFact, utcDayKey } from "@/models/dashboard-fact";

/** Adds a payment record (paymentId + status) to the dashboard's read model, in its arrival day's bucket. */
export async function recordPaymentFact(
  tenantId: string,
  recordId: unknown,
  payment: Omit<PaymentFact, "_id" | "k">,
): Promise<void> {
  await recordFact(tenantId, utcDayKey(payment.at), { _id: recordId, k: "p", ...payment });
}
