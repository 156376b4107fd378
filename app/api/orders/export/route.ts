import { apiRoute } from "@/lib/http/api-route";
import { exportOrdersCsv } from "@/lib/orders/export-orders-csv";
import { orderFiltersSchema } from "@/lib/orders/schemas";

export const dynamic = "force-dynamic";

/** Every order matching the list's filters as a CSV download, streamed. */
export const GET = apiRoute({ access: "member", query: orderFiltersSchema }, async ({ tenantId, query }) => {
  const day = new Date().toISOString().slice(0, 10);
  return new Response(exportOrdersCsv(tenantId, query), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="orders-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
});
