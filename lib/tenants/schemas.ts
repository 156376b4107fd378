import { z } from "zod";

export const tenantIdSchema = z
  .string()
  .regex(/^[0-9a-f]{24}$/i, "must be a 24-character hex ObjectId")
  .transform((id) => id.toLowerCase());

export const roleSchema = z.enum(["owner", "admin", "member"]);
export type Role = z.infer<typeof roleSchema>;

export const tenantNameSchema = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(80, "must be at most 80 characters");

export const createTenantSchema = z.object({
  name: tenantNameSchema,
  id: tenantIdSchema.optional(),
});

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(80),
  email: z.email("Enter a valid email address").max(254),
  password: z.string().min(8, "Use at least 8 characters").max(128),
  tenantName: tenantNameSchema,
});

export const signInSchema = z.object({
  email: z.email("Enter a valid email address"),
  password: z.string().min(1, "Enter your password"),
});

export const switchTenantSchema = z.object({ tenantId: tenantIdSchema });
