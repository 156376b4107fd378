import { timingSafeEqual } from "node:crypto";
import { derivePasswordKey } from "@/lib/auth/derive-password-key";
import { PASSWORD_COST } from "@/lib/auth/hash-password";

/**
 * Whether a password matches its stored hash (lib/auth/hash-password.ts), at the cost the hash was
 * made with; false for a hash it cannot read rather than an error on the sign-in path.
 */
export async function matchesPasswordHash({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  const parts = hash.split(":");
  const [salt, key, cost] =
    parts.length === 2
      ? [parts[0], parts[1], PASSWORD_COST.default]
      : parts.length === 4 && parts[0] === "scrypt"
        ? [parts[2], parts[3], Number(parts[1])]
        : [undefined, undefined, Number.NaN];
  if (
    !salt ||
    !key ||
    !/^[0-9a-f]+$/.test(key) ||
    !Number.isInteger(cost) ||
    cost < PASSWORD_COST.min ||
    cost > PASSWORD_COST.max
  )
    return false;
  const expected = Buffer.from(key, "hex");
  const actual = await derivePasswordKey(password, salt, cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
