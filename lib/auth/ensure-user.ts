import { getAuth } from "@/lib/auth/auth";
import { AppError } from "@/lib/errors";

/**
 * Returns the user with this email, creating it with `password` when it does not exist.
 * An existing user's password is never changed: `created` tells the caller which case it was.
 */
export async function ensureUser(input: {
  email: string;
  password: string;
  name?: string;
}): Promise<{ userId: string; created: boolean }> {
  const auth = getAuth();
  const { adapter } = await auth.$context;
  const email = input.email.toLowerCase();
  const existing = await adapter.findOne<{ id: string }>({ model: "user", where: [{ field: "email", value: email }] });
  if (existing) return { userId: String(existing.id), created: false };
  try {
    const result = await auth.api.signUpEmail({
      body: { email, password: input.password, name: input.name ?? email.split("@")[0] ?? email },
    });
    return { userId: result.user.id, created: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : "could not create the user";
    throw new AppError("bad_request", `Cannot create user ${email}: ${message}`);
  }
}
