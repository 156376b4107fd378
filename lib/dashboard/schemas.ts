import { z } from "zod";
import { isTimeZone } from "@/lib/dashboard/day-range";

/** `GET /api/dashboard?tz=Europe/Paris`: "today" is the viewer's day; UTC when not given. */
export const dashboardQuerySchema = z.object({
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, { message: "Unknown time zone (use an IANA name such as Europe/Paris)" })
    .default("UTC"),
});

export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export const PAYMENT_STATES = ["paid", "failed", "pending", "refunded"] as const;
/** Order statuses whose amount is not revenue (the dashboard's and the charts' rule): the store did not earn it. */
export const NOT_REVENUE: ReadonlySet<string> = new Set(["cancelled", "failed", "refunded"]);
export type PaymentState = (typeof PAYMENT_STATES)[number];

export type RecentOrder = {
  id: string;
  orderNumber: string;
  customerName: string;
  amount: number;
  currency: string;
  status: string;
  paymentStatus: string | null;
  createdAt: string;
};

export type DashboardView = {
  tz: string;
  /** Whose time zone "today" is in: the store's (Settings → General) or, when it has none, the viewer's. */
  tzOf: "store" | "viewer";
  /** The store's currency (USD when it has none): the revenue of a day without orders is shown in it. */
  currency: string;
  day: { start: string; end: string };
  kpis: {
    orders: number;
    /** Orders of the day not cancelled, failed or refunded, per currency, largest first. */
    revenue: Array<{ currency: string; amount: number }>;
    /** Payments that arrived today, each counted once at its most advanced status. */
    payments: Record<PaymentState, number>;
  };
  recentOrders: RecentOrder[];
};
