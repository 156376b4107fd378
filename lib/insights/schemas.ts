import { z } from "zod";
import { dashboardQuerySchema, type PaymentState } from "@/lib/dashboard/schemas";

export const INSIGHT_RANGES = ["24h", "7d", "30d", "90d"] as const;
export type InsightRange = (typeof INSIGHT_RANGES)[number];

/** `GET /api/insights/orders?range=7d&tz=Europe/Paris`: tz is the viewer's, used when the store has none. */
export const orderInsightsQuerySchema = dashboardQuerySchema.extend({ range: z.enum(INSIGHT_RANGES).default("7d") }).strict();

export type OrderInsightsQuery = z.infer<typeof orderInsightsQuerySchema>;

export type InsightPoint = {
  /** The bucket, an hour or a local day, as a UTC instant range [start, end). */
  start: string;
  end: string;
  orders: number;
  /** Revenue in the store's currency (orders not cancelled, failed or refunded). */
  revenue: number;
  /** The same bucket one period earlier (24 hours, or as many days as the range). */
  previous: { start: string; orders: number; revenue: number };
  /** Payment records that arrived in the bucket, by outcome. */
  payments: Record<PaymentState, number>;
};

export type OrderInsights = {
  range: InsightRange;
  granularity: "hour" | "day";
  tz: string;
  tzOf: "store" | "viewer";
  /** The store's currency (USD when it has none): revenue is charted in it. */
  currency: string;
  points: InsightPoint[];
  totals: {
    orders: number;
    revenue: number;
    previousOrders: number;
    previousRevenue: number;
    /** Revenue in other currencies than the store's, which the chart leaves out, largest first. */
    otherRevenue: Array<{ currency: string; amount: number }>;
    payments: Record<PaymentState, number>;
  };
};
