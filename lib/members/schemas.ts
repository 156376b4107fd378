import { z } from "zod";
import { roleSchema } from "@/lib/tenants/schemas";

// One schema for the members routes, the members page's forms and the tests.

/** A user, member, invitation or API key id in a path: anything else is simply not found. */
export const recordIdSchema = z.string().regex(/^[0-9a-f]{24}$/i);

/** Add an existing user by email, or invite an unknown one. */
export const addMemberSchema = z.strictObject({
  email: z
    .email("Enter a valid email address")
    .max(254)
    .transform((email) => email.toLowerCase()),
  role: roleSchema,
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const changeRoleSchema = z.strictObject({ role: roleSchema });

/** Accepting an invitation: the link's token, plus a name and password when the invitee has no account yet. */
export const acceptInvitationSchema = z.strictObject({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1, "Enter your name").max(80).optional(),
  password: z.string().min(8, "Use at least 8 characters").max(128).optional(),
});
