import { getAuth } from "@/lib/auth/auth";

/** Whether `password` is the account's own (its better-auth credential), for actions that ask for it again. */
export async function verifyPassword(userId: string, password: string): Promise<boolean> {
  const context = await getAuth().$context;
  const accounts = await context.internalAdapter.findAccounts(userId);
  const hash = accounts.find((account) => account.providerId === "credential")?.password;
  if (!hash) return false;
  return context.password.verify({ hash, password });
}
