import { z } from "zod";
import { webhookKindSchema } from "@/lib/webhooks/schemas";

/** How many accepted deliveries the deliveries log lists. */
export const RECENT_DELIVERIES = 50;

// `GET /api/webhooks/deliveries?limit&kind&sourceId`: the accepted side of the deliveries log.
export const listAcceptedDeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(RECENT_DELIVERIES).default(RECENT_DELIVERIES),
  kind: webhookKindSchema.optional(),
  /** One source's deliveries (SPEC §8). */
  sourceId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, "must be a 24-character hex id")
    .transform((id) => id.toLowerCase())
    .optional(),
});

export type ListAcceptedDeliveriesQuery = z.infer<typeof listAcceptedDeliveriesQuerySchema>;
