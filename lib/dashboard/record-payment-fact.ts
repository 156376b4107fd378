import type { PaymentFact } from "@/lib/storage/ports/dashboard";
import { getStorage } from "@/lib/storage/registry";

/** Adds a payment record (paymentId + status) to the dashboard's read model; idempotent per record. */
export async function recordPaymentFact(tenantId: string, recordId: string, payment: PaymentFact): Promise<void> {
  await getStorage().dashboard.recordPayment(tenantId, recordId, payment);
}
