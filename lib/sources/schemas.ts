import { z } from "zod";

// SPEC §8: the platforms a tenant can connect as a source, and what each one's verification needs
// besides its secret. Shared by the sources API, the Settings form, the CLI and the tests.

export const SOURCE_TYPES = ["shopify", "stripe", "woocommerce", "paddle", "square", "standard", "generic-hmac"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

const tolerance = z.coerce.number().int().min(1).max(86_400);

export const sourceOptionsSchemas = {
  shopify: z.object({}).strict(),
  // Stripe's SDK refuses a signature older than 300 s.
  stripe: z.object({ toleranceS: tolerance.default(300) }).strict(),
  woocommerce: z.object({}).strict(),
  // Paddle's SDKs allow 5 s; a little more absorbs clock skew between its servers and ours.
  paddle: z.object({ toleranceS: tolerance.default(30) }).strict(),
  // Square signs the notification URL it posts to, exactly as registered in its dashboard.
  square: z.object({ notificationUrl: z.string().url().max(2_000) }).strict(),
  // Standard Webhooks (e.g. BigCommerce): `whsec_…` secrets are base64; BigCommerce's client
  // secret is used as its raw bytes.
  standard: z.object({ secretFormat: z.enum(["whsec", "raw"]).default("whsec"), toleranceS: tolerance.default(300) }).strict(),
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
    })
    .strict()
    .refine((o) => !o.template.includes("{timestamp}") || o.timestampHeader, {
      message: "a template with {timestamp} needs timestampHeader",
    })
    .refine((o) => !o.template.includes("{id}") || o.idHeader, { message: "a template with {id} needs idHeader" })
    .refine((o) => !o.template.includes("{url}") || o.url, { message: "a template with {url} needs url" }),
} satisfies Record<SourceType, z.ZodType>;

export type SourceOptions<T extends SourceType = SourceType> = z.output<(typeof sourceOptionsSchemas)[T]>;
