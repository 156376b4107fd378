import { insertBatchedRaw } from "@/lib/db/insert-batched";
import { isDuplicateKey } from "@/lib/errors-db";
import { dashboardDayCollection, type PaymentFact, utcDayKey } from "@/models/dashboard-fact";

/** Adds a payment record (paymentId + status) to the dashboard's read model, in its arrival day's bucket. */
export async function recordPaymentFact(
  tenantId: string,
  recordId: unknown,
  payment: Omit<PaymentFact, "_id" | "k">,
): Promise<void> {
  const fact: PaymentFact = { _id: recordId, k: "p", ...payment };
  await insertBatchedRaw(dashboardDayCollection(tenantId, utcDayKey(payment.at)), fact).catch((error: unknown) =>
    isDuplicateKey(error) ? undefined : Promise.reject(error),
  );
}
