import type { ListRejectedDeliveriesQuery } from "@/lib/deliveries/schemas";
import type { RejectionRecord } from "@/lib/storage/ports/rejected-deliveries";
import { getStorage } from "@/lib/storage/registry";

/** A refusal as the deliveries debugger shows it: the tenant id stays out, the time is ISO text. */
export type RejectedDeliveryView = Omit<RejectionRecord, "tenantId" | "receivedAt"> & { receivedAt: string };

/** What the deliveries debugger shows of a refusal (the tenant id stays out). */
export function toRejectedDeliveryView({ tenantId: _tenantId, receivedAt, ...record }: RejectionRecord): RejectedDeliveryView {
  return { ...record, receivedAt: receivedAt.toISOString() };
}

/** A page of the tenant's refused deliveries, newest first (the deliveries debugger), and the next page's cursor. */
export async function listRejectedDeliveries(
  tenantId: string,
  query: ListRejectedDeliveriesQuery,
): Promise<{ deliveries: RejectedDeliveryView[]; nextCursor: string | null }> {
  const { q, from, to, ...rest } = query;
  const page = await getStorage().rejectedDeliveries.list(tenantId, { ...rest, search: q, since: from, until: to });
  return { deliveries: page.deliveries.map(toRejectedDeliveryView), nextCursor: page.next };
}
