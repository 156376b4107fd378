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

/** `GET /api/insights/deliveries?range=7d&tz=…`: the same parameters as the order charts. */
export const deliveryInsightsQuerySchema = orderInsightsQuerySchema;

/** One outbound endpoint's attempts in a bucket (or a range): latency is their mean, null without attempts. */
export type EndpointFigures = { succeeded: number; failed: number; successRate: number | null; avgLatencyMs: number | null };

export type DeliveryInsightPoint = {
  start: string;
  end: string;
  /** Inbound requests accepted (a platform's retry of one too, answered as the duplicate it is). */
  accepted: number;
  /** Inbound requests refused, by reason. */
  rejected: Record<string, number>;
  /** Outbound attempts, by endpoint id. */
  outbound: Record<string, EndpointFigures>;
};

export type DeliveryInsights = {
  range: InsightRange;
  granularity: "hour" | "day";
  tz: string;
  tzOf: "store" | "viewer";
  /** The refusal reasons in the range, most frequent first. */
  reasons: string[];
  /** The endpoints with attempts in the range, most attempted first; `url` null for one removed since. */
  endpoints: Array<EndpointFigures & { id: string; url: string | null }>;
  points: DeliveryInsightPoint[];
  totals: { accepted: number; rejected: number; previousAccepted: number; previousRejected: number };
};
