import { randomBytes } from "node:crypto";
import { derivePasswordKey } from "@/lib/auth/derive-password-key";

/**
 * AUTH_PASSWORD_COST's range and default (log2 N). The default is better-auth's own: its hashes are
 * written in better-auth's format, readable without the cost.
 */
export const PASSWORD_COST = { min: 10, default: 14, max: 17 } as const;

/**
 * A password's stored hash: scrypt with a random salt at the installation's cost (AUTH_PASSWORD_COST,
 * log2 N). At better-auth's cost it is better-auth's own `salt:key`; at another the cost leads
 * (`scrypt:<cost>:salt:key`), so changing the setting later never locks anyone out.
 */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16).toString("hex");
  const key = (await derivePasswordKey(password, salt, cost)).toString("hex");
  return cost === PASSWORD_COST.default ? `${salt}:${key}` : `scrypt:${cost}:${salt}:${key}`;
}
