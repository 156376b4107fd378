import { z } from "zod";
import { instantParam } from "@/lib/http/instant-param";
import { decodeLogCursor } from "@/lib/storage/ports/log-cursor";
import { webhookKindSchema } from "@/lib/webhooks/schemas";

/** How many deliveries a page of the deliveries log lists at most (and by default). */
export const RECENT_DELIVERIES = 50;

const limit = z.coerce.number().int().min(1).max(RECENT_DELIVERIES).default(RECENT_DELIVERIES);
/** A record id, the sender's delivery id, or an event's identity or id: matched whole, any case. */
const search = z.string().trim().min(1, "must not be empty").max(200);
const cursor = z.string().refine((value) => decodeLogCursor(value) !== null, "must be the nextCursor of a previous page");
const bounds = {
  /** Received at or after / at or before (a date alone: the start / the end of that UTC day). */
  from: instantParam("start").optional(),
  to: instantParam("end").optional(),
};
const ordered = <T extends { from?: Date; to?: Date }>(query: T) => !(query.from && query.to && query.from > query.to);

// `GET /api/webhooks/deliveries` (and a source's, `GET /api/sources/{id}/deliveries`): the accepted side of the deliveries log.
export const listAcceptedDeliveriesQuerySchema = z
  .object({
    limit,
    kind: z.union([webhookKindSchema, z.literal("other")]).optional(),
    /** One source's deliveries (SPEC §8). */
    sourceId: z
      .string()
      .regex(/^[0-9a-f]{24}$/i, "must be a 24-character hex id")
      .transform((id) => id.toLowerCase())
      .optional(),
    /** What Pulseboard answered: 201 created, 200 duplicate or update, 202 waiting for its order. */
    status: z.coerce.number().int().min(200).max(299).optional(),
    ...bounds,
    q: search.optional(),
    cursor: cursor.optional(),
  })
  .refine(ordered, { message: "must not be after to", path: ["from"] });

export type ListAcceptedDeliveriesQuery = z.infer<typeof listAcceptedDeliveriesQuerySchema>;

// `GET /api/webhooks/deliveries/rejected`: the refused side (the deliveries debugger).
export const listRejectedDeliveriesQuerySchema = z
  .object({
    limit,
    /** The refusal's reason code (`signature_mismatch`, `endpoint_disabled`…). */
    reason: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a reason code such as signature_mismatch")
      .optional(),
    /** The route's kind: `orders`, `payments`, `notifications`, or `source:<type>`. */
    kind: z
      .string()
      .regex(/^[a-z][a-z0-9_:-]{0,63}$/, "must be a kind such as orders or source:shopify")
      .optional(),
    ...bounds,
    q: search.optional(),
    cursor: cursor.optional(),
  })
  .refine(ordered, { message: "must not be after to", path: ["from"] });

export type ListRejectedDeliveriesQuery = z.infer<typeof listRejectedDeliveriesQuerySchema>;
