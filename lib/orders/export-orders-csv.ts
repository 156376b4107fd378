import { stringify } from "csv-stringify/sync";
import { listOrders, type OrderListRow } from "@/lib/orders/list-orders";
import { EXPORT_PAGE, type OrderFilters } from "@/lib/orders/schemas";

const COLUMNS: Array<[string, (order: OrderListRow) => string | number]> = [
  ["order_number", (o) => o.orderNumber],
  ["created_at", (o) => o.createdAt],
  ["customer_name", (o) => o.customerName],
  ["customer_email", (o) => o.customerEmail ?? ""],
  ["amount", (o) => o.amount],
  ["currency", (o) => o.currency],
  ["status", (o) => o.status],
  ["payment_status", (o) => o.paymentStatus ?? ""],
  ["platform", (o) => o.platform ?? (o.sourceId ? "" : "direct")],
  ["source_id", (o) => o.sourceId ?? ""],
  ["id", (o) => o.id],
];

// A cell a spreadsheet would run as a formula (=, +, -, @, tab, return first) is kept as text.
const FORMULA = /^[=+\-@\t\r]/;
const cell = (value: string | number) => (typeof value === "string" && FORMULA.test(value) ? `'${value}` : value);

/**
 * The tenant's orders matching `filters`, newest first, as CSV with a header row, streamed a page
 * at a time: the export of 100k orders never holds them all, and stops reading when the download
 * is cancelled.
 */
export function exportOrdersCsv(tenantId: string, filters: OrderFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: { createdAt: Date; id: string } | undefined;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(stringify([COLUMNS.map(([name]) => name)])));
        return;
      }
      const page = await listOrders(tenantId, { ...filters, cursor, limit: EXPORT_PAGE });
      // Cancelled while the page was read: the stream is closed already.
      if (done) return;
      if (page.orders.length > 0)
        controller.enqueue(encoder.encode(stringify(page.orders.map((order) => COLUMNS.map(([, read]) => cell(read(order)))))));
      const last = page.orders.at(-1);
      if (!page.nextCursor || !last) {
        controller.close();
        return;
      }
      cursor = { createdAt: new Date(last.createdAt), id: last.id };
    },
    cancel() {
      done = true;
    },
  });
}
