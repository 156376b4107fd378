import { z } from "zod";
import type { ActivityQuery } from "@/lib/activity/client/api";
import { actorFilterSchema } from "@/lib/activity/schemas";

// The activity page's filters, kept in the address so a filtered view can be bookmarked or shared.
// Anything unrecognised in the address falls back to "all" instead of failing the page.

/** What the kind menu offers: a label and the API's kind prefixes. */
export const kindGroups = [
  ["webhook.order,webhook.payment,webhook.notification", "Webhooks received"],
  ["webhook.rejected", "Webhooks refused"],
  ["settings", "Settings and secrets"],
  ["member,invitation", "Members and invitations"],
  ["apiKey", "API keys"],
  ["outbound", "Outbound endpoints"],
] as const;

export const actorGroups = [
  ["user", "People"],
  ["apiKey", "API keys"],
  ["platform", "Platforms (webhooks)"],
  ["system", "System"],
] as const;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(value)));

export const pageFiltersSchema = z.object({
  kind: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9_.,]*$/)
    .max(200)
    .optional()
    .catch(undefined),
  actor: z
    .string()
    .refine((value) => actorFilterSchema.safeParse(value).success)
    .optional()
    .catch(undefined),
  // Days in the viewer's time zone, as <input type="date"> gives them.
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
});
export type PageFilters = z.infer<typeof pageFiltersSchema>;

export function filtersToParams(filters: PageFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["kind", "actor", "from", "to"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The API query for these filters: local days become exact instants (start of `from`, end of `to`). */
export function filtersToQuery(filters: PageFilters): ActivityQuery {
  return {
    kind: filters.kind,
    actor: filters.actor,
    from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
    to: filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined,
  };
}
