import { z } from "zod";
import { instantParam } from "@/lib/http/instant-param";

// GET /api/activity: one schema for the route, the page's filters and the tests (docs/activity.md).

export const actorTypes = ["user", "apiKey", "platform", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

/** `kind`: a comma list of kinds or dotted prefixes: `settings` matches settings.webhooks.updated. */
const kindPrefix = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)*$/, "must be a kind or a prefix of one, e.g. settings or webhook.rejected");

const kindList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(z.array(kindPrefix).min(1, "name at least one kind").max(10, "at most 10 kinds"));

/** `actor`: a type (`user`, `apiKey`, `platform`, `system`) or one actor, `user:<id>` / `apiKey:<id>`. */
export const actorFilterSchema = z
  .string()
  .regex(
    /^(user|apiKey|platform|system)(:[A-Za-z0-9_-]{1,64})?$/,
    "must be user, apiKey, platform or system, optionally with :<id>",
  )
  .transform((value) => {
    const [type, id] = value.split(":") as [ActorType, string | undefined];
    return { type, id: id ?? null };
  });

/** Opaque to clients: the previous page's `nextCursor`, made and read by the storage adapter. */
export const activityCursorSchema = z
  .string()
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, "is not a cursor this API returned");

export const listActivityQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    kind: kindList.optional(),
    actor: actorFilterSchema.optional(),
    from: instantParam("start").optional(),
    to: instantParam("end").optional(),
    cursor: activityCursorSchema.optional(),
  })
  .strict()
  .refine((query) => !(query.from && query.to && query.from > query.to), { message: "must not be after to", path: ["from"] });
export type ListActivityQuery = z.infer<typeof listActivityQuerySchema>;
