import { z } from "zod";
import { isTimeZone } from "@/lib/dashboard/day-range";

// Settings → General: the store's time zone and currency. One schema for the route, the form and
// the tests.

/** ISO 4217 codes this runtime can format (Intl knows them), e.g. USD, EUR, JPY. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    return (Intl.supportedValuesOf?.("currency") ?? [code]).includes(code);
  } catch {
    return false;
  }
}

export const generalSettingsSchema = z.strictObject({
  // null: "today" is each viewer's own day.
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, { message: "must be an IANA time zone such as Europe/Paris" })
    // Stored as the runtime names it (europe/paris → Europe/Paris), so the form's list finds it.
    .transform((tz) => new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone)
    .nullable(),
  // null: orders that state no currency are in USD (SPEC §3).
  currency: z
    .string()
    .transform((code) => code.toUpperCase())
    .refine(isCurrencyCode, { message: "must be an ISO 4217 currency code such as EUR" })
    .nullable(),
});
export type GeneralSettings = z.infer<typeof generalSettingsSchema>;

/** PATCH: either or both. */
export const updateGeneralSettingsSchema = generalSettingsSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: "name at least one setting to change" });
