import { z } from "zod";
import { orderStatuses, paymentStatuses } from "@/lib/webhooks/schemas";

// The orders page's filters, kept in the address so a filtered list can be bookmarked or shared.
// Anything unrecognised in the address falls back to "all" instead of failing the page.

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(value)));

export const orderPageFiltersSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(orderStatuses).optional().catch(undefined),
  paymentStatus: z
    .enum([...paymentStatuses, "none"])
    .optional()
    .catch(undefined),
  source: z
    .string()
    .regex(/^([0-9a-f]{24}|direct)$/)
    .optional()
    .catch(undefined),
  // Days in the viewer's time zone, as <input type="date"> gives them.
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
});
export type OrderPageFilters = z.infer<typeof orderPageFiltersSchema>;

const KEYS = ["q", "status", "paymentStatus", "source", "from", "to"] as const;

export function orderFiltersToParams(filters: OrderPageFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The API's query for these filters: local days become exact instants (start of `from`, end of `to`). */
export function orderFiltersToQuery(filters: OrderPageFilters): URLSearchParams {
  const params = orderFiltersToParams(filters);
  if (filters.from) params.set("from", new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to) params.set("to", new Date(`${filters.to}T23:59:59.999`).toISOString());
  return params;
}
