import { z } from "zod";

// SPEC §5: one schema for the settings route, the settings form and the tests.

export const webhookEndpointsSchema = z.strictObject({
  orders: z.boolean(),
  notifications: z.boolean(),
  payments: z.boolean(),
});

export const webhookSettingsSchema = z.strictObject({
  webhookEnabled: z.boolean(),
  webhookEndpoints: webhookEndpointsSchema,
  webhookRetryAttempts: z
    .number({ message: "must be a number from 0 to 10" })
    .int("must be a whole number")
    .min(0, "must be at least 0")
    .max(10, "must be at most 10"),
  webhookTimeoutMs: z
    .number({ message: "must be a number from 1000 to 60000" })
    .int("must be a whole number of milliseconds")
    .min(1000, "must be at least 1000 ms")
    .max(60_000, "must be at most 60000 ms"),
});
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

/** PATCH: any subset (endpoints one by one too), but at least one field, and nothing unknown. */
export const updateWebhookSettingsSchema = webhookSettingsSchema
  .extend({ webhookEndpoints: webhookEndpointsSchema.partial() })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: "name at least one setting to change" });
export type WebhookSettingsUpdate = z.infer<typeof updateWebhookSettingsSchema>;

/** POST generate-secret: how long the previous secret keeps verifying (default: WEBHOOK_SECRET_GRACE_S). */
/** Revealing the current signing secret asks the admin for their password again. */
export const revealSecretSchema = z.strictObject({
  password: z.string().min(1, "Enter your password").max(1024),
});

export const generateSecretSchema = z.strictObject({
  graceHours: z
    .number()
    .min(0)
    .max(30 * 24)
    .optional(),
});
