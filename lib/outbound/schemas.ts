import { z } from "zod";
import { instantParam } from "@/lib/http/instant-param";
import { decodeLogCursor } from "@/lib/storage/ports/log-cursor";

// Shared by the API routes, the settings form, the CLI and the tests.

export const outboundEventTypes = ["order.created", "order.updated", "payment.updated", "notification.created", "test"] as const;
export type OutboundEventType = (typeof outboundEventTypes)[number];
export const eventTypeFilterSchema = z.enum([...outboundEventTypes, "*"], {
  message: `must be one of ${[...outboundEventTypes, "*"].join(", ")}`,
});

// Headers the delivery itself sets: a custom header can never replace them.
export const reservedHeaderNames = [
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "x-webhook-signature",
  "content-type",
  "content-length",
  "host",
  "connection",
  "transfer-encoding",
  "user-agent",
];

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "must be a valid HTTP header name")
  .refine((name) => !reservedHeaderNames.includes(name.toLowerCase()) && !name.toLowerCase().startsWith("webhook-"), {
    message: "is set by every delivery and cannot be overridden",
  });
const headerValue = z
  .string()
  .max(1024, "must be at most 1024 characters")
  .regex(/^[^\r\n\0]*$/, "must not contain line breaks");

export const endpointHeadersSchema = z
  .record(headerName, headerValue)
  .refine((headers) => Object.keys(headers).length <= 20, { message: "at most 20 custom headers" })
  .refine((headers) => new Set(Object.keys(headers).map((k) => k.toLowerCase())).size === Object.keys(headers).length, {
    message: "a header name appears twice",
  });

export const endpointUrlSchema = z
  .string()
  .trim()
  .max(2048, "must be at most 2048 characters")
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password && !!url.hostname;
      } catch {
        return false;
      }
    },
    { message: "must be an absolute http(s) URL without credentials" },
  );

export const batchSchema = z
  .object({
    maxEvents: z.number().int().min(2, "must be at least 2").max(100, "must be at most 100"),
    maxWaitMs: z.number().int().min(100, "must be at least 100 ms").max(300_000, "must be at most 5 minutes"),
  })
  .strict()
  .nullable();

export const createEndpointSchema = z
  .object({
    url: endpointUrlSchema,
    description: z.string().trim().max(200, "must be at most 200 characters").default(""),
    eventTypes: z.array(eventTypeFilterSchema).min(1, "choose at least one event type").max(10).default(["*"]),
    headers: endpointHeadersSchema.default({}),
    batch: batchSchema.default(null),
    enabled: z.boolean().default(true),
  })
  .strict();
export type CreateEndpointInput = z.infer<typeof createEndpointSchema>;

export const updateEndpointSchema = z
  .object({
    url: endpointUrlSchema.optional(),
    description: z.string().trim().max(200, "must be at most 200 characters").optional(),
    eventTypes: z.array(eventTypeFilterSchema).min(1, "choose at least one event type").max(10).optional(),
    headers: endpointHeadersSchema.optional(),
    batch: batchSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: "nothing to change" });
export type UpdateEndpointInput = z.infer<typeof updateEndpointSchema>;

export const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/, "must be a 24-character hex id");
export const deliveryIdSchema = z.string().regex(/^dlv_[0-9a-f]{48}$/, "must be a delivery id (dlv_…)");

// The mongodb adapter's `<ms>.<delivery id>`, or the embedded one's log cursor (lib/storage/ports/log-cursor.ts).
const cursorSchema = z.string().refine((value) => /^\d{1,15}\.dlv_[0-9a-f]{48}$/.test(value) || decodeLogCursor(value) !== null, {
  message: "must be the nextCursor of a previous page",
});

export const listDeliveriesQuerySchema = z
  .object({
    endpointId: objectIdSchema.optional(),
    status: z.enum(["failed", "succeeded", "pending"]).optional(),
    /** Created at or after / at or before (a date alone: the start / the end of that UTC day). */
    from: instantParam("start").optional(),
    to: instantParam("end").optional(),
    /** Deliveries carrying an event of this type. */
    eventType: z.enum(outboundEventTypes).optional(),
    /** A delivery id (`dlv_…`) or an event id (`evt_…`), matched whole, any case. */
    q: z.string().trim().min(1, "must not be empty").max(200).optional(),
    /** The `nextCursor` of the previous page. */
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict()
  .refine((query) => !(query.from && query.to && query.from > query.to), { message: "must not be after to", path: ["from"] });

/** How many failed deliveries one "retry everything that failed since" queues at most (pages of 100). */
export const RECOVER_LIMIT = 1000;

/**
 * `POST /api/webhooks/outbound-deliveries/retry`: the deliveries picked in the log (`ids`), or every
 * failed delivery created since a moment (`since`, of one endpoint if `endpointId` is given).
 */
export const retryDeliveriesSchema = z.union([
  z.object({ ids: z.array(deliveryIdSchema).min(1).max(100) }).strict(),
  z
    .object({
      since: instantParam("start"),
      endpointId: objectIdSchema.optional(),
      /** The previous answer's `nextCursor`: the failed deliveries older than those it queued. */
      cursor: cursorSchema.optional(),
    })
    .strict(),
]);
export type RetryDeliveriesSelection = z.infer<typeof retryDeliveriesSchema>;

export type EndpointStats = {
  successes: number;
  failures: number;
  consecutiveFailures: number;
  lastTriggeredAt: string | null;
  lastStatus: number | null;
  p50LatencyMs: number | null;
};

export type EndpointView = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  headers: Record<string, string>;
  enabled: boolean;
  disabledReason: "manual" | "failing" | "gone" | null;
  disabledAt: string | null;
  batch: { maxEvents: number; maxWaitMs: number } | null;
  secretRotatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Null when outbound is unavailable (its Redis cannot be reached). */
  stats: EndpointStats | null;
};

export type AttemptView = {
  at: string;
  /** HTTP status, or null when no answer came (timeout, refused, blocked). */
  status: number | null;
  ok: boolean;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string;
  /** When the next automatic attempt is due, if one is. */
  nextAttemptAt: string | null;
};

export type OutboundDeliveryView = {
  id: string;
  endpointId: string;
  url: string;
  eventTypes: string[];
  eventIds: string[];
  eventCount: number;
  status: "pending" | "succeeded" | "failed";
  attempts: AttemptView[];
  createdAt: string;
  updatedAt: string;
};
