import type { RejectionRecord } from "@/lib/storage/ports/rejected-deliveries";
import { getStorage } from "@/lib/storage/registry";

/** A refusal as the deliveries debugger shows it: the tenant id stays out, the time is ISO text. */
export type RejectedDeliveryView = Omit<RejectionRecord, "tenantId" | "receivedAt"> & { receivedAt: string };

/** What the deliveries debugger shows of a refusal (the tenant id stays out). */
export function toRejectedDeliveryView({ tenantId: _tenantId, receivedAt, ...record }: RejectionRecord): RejectedDeliveryView {
  return { ...record, receivedAt: receivedAt.toISOString() };
}

/** How many refusals the debugger lists. */
export const RECENT_REJECTIONS = 50;

/** The tenant's newest refused deliveries, newest first (the deliveries debugger). */
export async function listRejectedDeliveries(tenantId: string): Promise<RejectedDeliveryView[]> {
  const records = await getStorage().rejectedDeliveries.listRecent(tenantId, RECENT_REJECTIONS);
  return records.map(toRejectedDeliveryView);
}
