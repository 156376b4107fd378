import { z } from "zod";
import { webhookKindSchema } from "@/lib/webhooks/schemas";
import { RECENT_DELIVERIES } from "@/models/webhook-event";

// `GET /api/webhooks/deliveries?limit&kind`: the accepted side of the deliveries log.
export const listAcceptedDeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(RECENT_DELIVERIES).default(RECENT_DELIVERIES),
  kind: webhookKindSchema.optional(),
});

export type ListAcceptedDeliveriesQuery = z.infer<typeof listAcceptedDeliveriesQuerySchema>;
