import { callApi } from "@/lib/http/call-api";
import type { OrderListRow } from "@/lib/orders/list-orders";

// The browser's side of GET /api/orders and its CSV export, for the tenant the page shows.

export type OrdersPage = { orders: OrderListRow[]; nextCursor: string | null };

export function fetchOrders(tenantId: string, query: URLSearchParams, signal?: AbortSignal): Promise<OrdersPage> {
  return callApi<OrdersPage>(tenantId, `/api/orders?${query}`, { signal, cache: "no-store" });
}

/** Downloads the CSV of every order matching the query, named as the server names it. */
export async function downloadOrdersCsv(tenantId: string, query: URLSearchParams): Promise<void> {
  const response = await fetch(`/api/orders/export?${query}`, { headers: { "x-tenant-id": tenantId }, cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `Export failed (${response.status})`);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "orders.csv";
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
