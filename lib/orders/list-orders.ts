import { encodeOrderCursor, type ListOrdersQuery } from "@/lib/orders/schemas";
import { searchWords } from "@/lib/storage/common/order-keywords";
import type { OrderListItem } from "@/lib/storage/ports/orders";
import { getStorage } from "@/lib/storage/registry";

export type OrderListRow = Omit<OrderListItem, "createdAt"> & { createdAt: string };

/**
 * A page of the tenant's orders, newest first, matching every filter given; following `nextCursor`
 * lists each order once, and an order that arrives meanwhile shows on the first page, not in
 * the middle of the pages already read.
 */
export async function listOrders(
  tenantId: string,
  query: Omit<ListOrdersQuery, "cursor"> & { cursor?: ListOrdersQuery["cursor"] },
): Promise<{ orders: OrderListRow[]; nextCursor: string | null }> {
  const search = query.q ? searchWords(query.q) : [];
  // Typed, but nothing in it to search by (only punctuation): nothing matches.
  if (query.q && search.length === 0) return { orders: [], nextCursor: null };
  const page = await getStorage().orders.listOrders(tenantId, {
    search,
    status: query.status,
    paymentStatus: query.paymentStatus,
    sourceId: query.source,
    from: query.from,
    to: query.to,
    before: query.cursor,
    limit: query.limit,
  });
  const last = page.orders.at(-1);
  return {
    orders: page.orders.map((order) => ({ ...order, createdAt: order.createdAt.toISOString() })),
    nextCursor: page.more && last ? encodeOrderCursor(last) : null,
  };
}
