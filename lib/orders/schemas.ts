import { z } from "zod";
import { instantParam } from "@/lib/http/instant-param";
import { orderStatuses, paymentStatuses } from "@/lib/webhooks/schemas";

// GET /api/orders and GET /api/orders/export (SPEC §3 orders list): one schema for the routes, the
// orders page's filters and the tests.

/** Rows per page of the orders list; the export pages through every match at EXPORT_PAGE. */
export const ORDERS_PAGE = 50;
export const EXPORT_PAGE = 500;

/** Opaque to clients: the previous page's `nextCursor` (the last row's createdAt and id). */
export const orderCursorSchema = z
  .string()
  .max(64)
  .transform((value, context) => {
    const match = /^(\d{13})_([0-9a-f]{24})$/.exec(Buffer.from(value, "base64url").toString("latin1"));
    if (!match) {
      context.addIssue({ code: "custom", message: "is not a cursor this API returned" });
      return z.NEVER;
    }
    return { createdAt: new Date(Number(match[1])), id: match[2] as string };
  });

export function encodeOrderCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${String(row.createdAt.getTime()).padStart(13, "0")}_${row.id}`, "latin1").toString("base64url");
}

const filterFields = {
  /** Order number, customer name or email, or the platform's order id: each word begins one of them. */
  q: z.string().trim().max(200).optional(),
  status: z.enum(orderStatuses).optional(),
  /** `none`: no payment has reached the order yet. */
  paymentStatus: z.enum([...paymentStatuses, "none"]).optional(),
  /** A source's id, or `direct` for orders sent in Pulseboard's own format. */
  source: z
    .string()
    .regex(/^([0-9a-fA-F]{24}|direct)$/, "must be a source id or direct")
    .transform((value) => value.toLowerCase())
    .optional(),
  from: instantParam("start").optional(),
  to: instantParam("end").optional(),
};

const fromNotAfterTo: [(query: { from?: Date; to?: Date }) => boolean, { message: string; path: string[] }] = [
  (query) => !(query.from && query.to && query.from > query.to),
  { message: "must not be after to", path: ["from"] },
];

/** GET /api/orders/export: the list's filters, every match. */
export const orderFiltersSchema = z
  .object(filterFields)
  .strict()
  .refine(...fromNotAfterTo);
export type OrderFilters = z.infer<typeof orderFiltersSchema>;

/** GET /api/orders: the filters, and a page of them. */
export const listOrdersQuerySchema = z
  .object({
    ...filterFields,
    cursor: orderCursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(ORDERS_PAGE),
  })
  .strict()
  .refine(...fromNotAfterTo);
export type ListOrdersQuery = z.infer<typeof listOrdersQuerySchema>;
