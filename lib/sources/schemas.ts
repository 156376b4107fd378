import { z } from "zod";

// SPEC §8: the platforms a tenant can connect as a source, and what each one's verification needs
// besides its secret. Shared by the sources API, the Settings form, the CLI and the tests.

export const SOURCE_TYPES = ["shopify", "stripe", "woocommerce", "paddle", "square", "standard", "generic-hmac"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

const tolerance = z.coerce.number().int().min(1).max(86_400);
// Every type: a topic that is not mapped raises a notification when this title is set
// ("{topic}" and "{source}" are filled in); without it such a delivery is stored and shown only.
const notifyTitle = z.string().trim().min(1).max(200).optional();
const metadataKey = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "letters, digits, _ and - (at most 40)");

export const sourceOptionsSchemas = {
  // Which field becomes the order number: `name` is what the merchant sees ("#1001").
  shopify: z.object({ orderNumberFrom: z.enum(["name", "order_number", "id"]).default("name"), notifyTitle }).strict(),
  // Stripe's SDK refuses a signature older than 300 s. A payment finds its order through this
  // metadata key (set by the store when it creates the PaymentIntent or Checkout Session), then
  // through a Checkout Session's client_reference_id.
  stripe: z
    .object({ toleranceS: tolerance.default(300), orderNumberKey: metadataKey.default("order_number"), notifyTitle })
    .strict(),
  woocommerce: z.object({ notifyTitle }).strict(),
  // Paddle's SDKs allow 5 s; a little more absorbs clock skew between its servers and ours.
  // A transaction finds its order through this key of its custom_data.
  paddle: z
    .object({ toleranceS: tolerance.default(30), orderNumberKey: metadataKey.default("order_number"), notifyTitle })
    .strict(),
  // Square signs the notification URL it posts to, exactly as registered in its dashboard.
  square: z.object({ notificationUrl: z.string().url().max(2_000), notifyTitle }).strict(),
  // Standard Webhooks (e.g. BigCommerce): `whsec_…` secrets are base64; BigCommerce's client
  // secret is used as its raw bytes.
  standard: z
    .object({ secretFormat: z.enum(["whsec", "raw"]).default("whsec"), toleranceS: tolerance.default(300), notifyTitle })
    .strict(),
  "generic-hmac": z
    .object({
      header: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,100}$/, "a header name")
        .transform((name) => name.toLowerCase()),
      algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha256"),
      encoding: z.enum(["hex", "base64"]).default("hex"),
      /** Stripped from the header's value before comparing, e.g. `sha256=`. */
      prefix: z.string().max(40).default(""),
      /** What is signed: `{body}`, with `{timestamp}`, `{id}` and `{url}` where the platform adds them. */
      template: z
        .string()
        .max(200)
        .refine((value) => value.includes("{body}"), "must contain {body}")
        .default("{body}"),
      timestampHeader: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,100}$/)
        .transform((name) => name.toLowerCase())
        .optional(),
      toleranceS: tolerance.default(300),
      idHeader: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,100}$/)
        .transform((name) => name.toLowerCase())
        .optional(),
      url: z.string().url().max(2_000).optional(),
      notifyTitle,
    })
    .strict()
    .refine((o) => !o.template.includes("{timestamp}") || o.timestampHeader, {
      message: "a template with {timestamp} needs timestampHeader",
    })
    .refine((o) => !o.template.includes("{id}") || o.idHeader, { message: "a template with {id} needs idHeader" })
    .refine((o) => !o.template.includes("{url}") || o.url, { message: "a template with {url} needs url" }),
} satisfies Record<SourceType, z.ZodType>;

export type SourceOptions<T extends SourceType = SourceType> = z.output<(typeof sourceOptionsSchemas)[T]>;

const name = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
// A platform's secret as pasted from its admin (Shopify's signing key, Stripe's whsec_…, Paddle's
// pdl_ntfset_…); printable, no line breaks.
const pastedSecret = z
  .string()
  .trim()
  .min(6, "must be at least 6 characters")
  .max(500, "must be at most 500 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");
const optionsOf = z.record(z.string(), z.unknown());

/**
 * A source's options as its type reads them, defaults filled in: what the API stores, and what a
 * stored source is read as (options stored before a default was added get it). Issues are the
 * type schema's, under `options`.
 */
export function parseSourceOptions(type: SourceType, options: unknown) {
  const parsed = sourceOptionsSchemas[type].safeParse(options ?? {});
  return parsed.success
    ? { success: true as const, data: parsed.data as Record<string, unknown> }
    : { success: false as const, issues: parsed.error.issues.map((issue) => ({ ...issue, path: ["options", ...issue.path] })) };
}

function withTypedOptions<T extends { type: SourceType; options?: Record<string, unknown> }>(value: T, ctx: z.RefinementCtx) {
  const parsed = parseSourceOptions(value.type, value.options);
  if (!parsed.success) {
    for (const issue of parsed.issues) ctx.addIssue(issue as z.core.$ZodRawIssue);
    return z.NEVER;
  }
  return { ...value, options: parsed.data };
}

/** Hours without a delivery before a "source gone silent" alert (at most 30 days); null: never. */
export const silentAfterHoursSchema = z
  .number({ message: "must be a whole number of hours" })
  .int("must be a whole number of hours")
  .min(1, "must be at least 1 hour")
  .max(720, "must be at most 720 hours (30 days)")
  .nullable();

export const createSourceSchema = z
  .object({
    type: z.enum(SOURCE_TYPES, { message: `must be one of ${SOURCE_TYPES.join(", ")}` }),
    name,
    silentAfterHours: silentAfterHoursSchema.default(null),
    /** Generated (`whsec_` + 32 random bytes) when not given. */
    secret: pastedSecret.optional(),
    enabled: z.boolean().default(true),
    options: optionsOf.optional(),
  })
  .strict()
  .transform(withTypedOptions);
export type CreateSourceInput = z.output<typeof createSourceSchema>;

/** Any subset; `options` replaces the type's options as a whole (validated by its type). */
export const updateSourceSchema = z
  .object({
    name: name.optional(),
    enabled: z.boolean().optional(),
    options: optionsOf.optional(),
    silentAfterHours: silentAfterHoursSchema.optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 0, { message: "nothing to change" });
export type UpdateSourceInput = z.output<typeof updateSourceSchema>;

/** A pasted secret (the platform rotated it), or none to have one generated. */
export const rotateSourceSecretSchema = z.object({ secret: pastedSecret.optional() }).strict();

export const sourceIdSchema = z.string().regex(/^[0-9a-f]{24}$/i, "must be a 24-character hex id");

export type SourceView = {
  id: string;
  type: SourceType;
  name: string;
  enabled: boolean;
  options: Record<string, unknown>;
  /** Hours without a delivery before a "source gone silent" alert; null: never. */
  silentAfterHours: number | null;
  /** Where the platform posts: /api/webhooks/{tenantId}/sources/{sourceId} on BASE_URL. */
  url: string;
  secret: { rotatedAt: string | null; previousValidUntil: string | null };
  createdAt: string;
  updatedAt: string;
};

/** "Send sample": a topic of the platform's (its first mapped one when absent). */
export const sendSourceSampleSchema = z
  .object({
    topic: z
      .string()
      .regex(/^[a-z0-9_./-]{1,80}$/i, "a topic such as orders/create")
      .optional(),
  })
  .strict();
