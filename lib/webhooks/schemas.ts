import { z } from "zod";
import { AppError } from "@/lib/errors";
import { externalHttpsUrl, relativeSameOriginPath } from "@/lib/http/same-origin-path";
import type { SourceType } from "@/lib/sources/schemas";
import { tenantIdSchema } from "@/lib/tenants/schemas";
import { sanitizeMetadata } from "@/lib/webhooks/sanitize-metadata";

// The inbound contract of SPEC §3, shared by the ingest pipeline, the sender, the samples and the tests.

/** How a delivery was verified: our own schemes (SPEC §3), none, or a source's platform scheme (SPEC §8). */
export type DeliveryScheme = "hex" | "standard" | "none" | `source:${SourceType}`;

export const webhookKinds = ["orders", "payments", "notifications"] as const;
export type WebhookKind = (typeof webhookKinds)[number];
export const webhookKindSchema = z.enum(webhookKinds);

export const orderStatuses = [
  "pending",
  "paid",
  "processing",
  "shipped",
  "delivered",
  "cancelled",
  "refunded",
  "failed",
] as const;
export const paymentStatuses = ["pending", "paid", "failed", "refunded"] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const money = z.number().finite().min(0).max(1e12);
// Metadata is free-form but bounded: at most 50 keys of scalars or small nested values. Made
// storable here too (sanitize-metadata.ts), not only on the webhook path: the notifications API
// parses this schema directly.
const metadata = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => Object.keys(value).length <= 50, "must have at most 50 keys")
  .transform((value, ctx) => {
    try {
      return sanitizeMetadata(value) as Record<string, unknown>;
    } catch (error) {
      const details = (error instanceof AppError ? error.details : null) as Array<{ path: string; message: string }> | null;
      for (const { path, message } of details ?? [{ path: "metadata", message: "cannot be stored" }])
        ctx.addIssue({ code: "custom", message, path: path === "metadata" ? [] : [path.slice("metadata.".length)] });
      return z.NEVER;
    }
  })
  .optional();

export const orderWebhookSchema = z.object({
  tenantId: tenantIdSchema,
  orderNumber: text(100),
  customerName: text(200),
  customerEmail: z.email().max(254).optional(),
  amount: money,
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as USD")
    .transform((c) => c.toUpperCase())
    .default("USD"),
  status: z.enum(orderStatuses).default("pending"),
  items: z
    .array(
      z.object({
        productId: text(100),
        productName: text(300),
        quantity: z.number().int().min(1).max(1_000_000),
        price: money,
      }),
    )
    .max(500)
    .optional(),
  metadata,
});

export const paymentWebhookSchema = z
  .object({
    tenantId: tenantIdSchema,
    orderId: z
      .string()
      .regex(/^[0-9a-f]{24}$/i, "must be a 24-character hex order id")
      .optional(),
    orderNumber: text(100).optional(),
    amount: money,
    status: z.enum(paymentStatuses),
    paymentId: text(200),
    metadata,
  })
  .refine((p) => p.orderId || p.orderNumber, { message: "orderId or orderNumber is required", path: ["orderNumber"] });

// A path that stays on our origin, or an https URL: never javascript:, data:, http:, or a path a
// browser reads as another site ("//x", "/\\x", "/\t/x").
const actionUrl = z
  .string()
  .max(2000)
  .refine((url) => relativeSameOriginPath(url) !== null || (url.startsWith("https:") && externalHttpsUrl(url) !== null), {
    message: "must be a relative path on this site or an https URL",
  });

export const notificationWebhookSchema = z.object({
  tenantId: tenantIdSchema,
  title: text(200),
  message: text(2000),
  type: z.enum(["info", "success", "warning", "error"]).default("info"),
  priority: z.enum(["low", "medium", "high", "urgent"]).default("medium"),
  actionUrl: actionUrl.optional(),
  actionText: text(60).optional(),
  // The embedded adapter names the member's own inbox collection after it (lib/storage/embedded/inbox-windows.ts), and both MongoDB and FerretDB
  // refuse `$` and NUL in collection names: a 500 on every retry before this check.
  userId: text(64)
    .refine((id) => !id.includes("$") && !id.includes("\u0000"), "must not contain $ or the NUL character (\\u0000)")
    .optional(),
  metadata,
});

export type OrderWebhook = z.infer<typeof orderWebhookSchema>;
export type PaymentWebhook = z.infer<typeof paymentWebhookSchema>;
export type NotificationWebhook = z.infer<typeof notificationWebhookSchema>;
export type OrderWebhookInput = z.input<typeof orderWebhookSchema>;
export type PaymentWebhookInput = z.input<typeof paymentWebhookSchema>;
export type NotificationWebhookInput = z.input<typeof notificationWebhookSchema>;

export const webhookSchemas = {
  orders: orderWebhookSchema,
  payments: paymentWebhookSchema,
  notifications: notificationWebhookSchema,
} as const;
