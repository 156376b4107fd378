import { scrypt } from "node:crypto";

/** better-auth's scrypt parameters besides N, which AUTH_PASSWORD_COST sets (as log2 N). */
const R = 16;
const P = 1;
const KEY_LENGTH = 64;

/** The scrypt key of a password (NFKC-normalised, as better-auth does) under a salt and cost. */
export function derivePasswordKey(password: string, salt: string, cost: number): Promise<Buffer> {
  const N = 2 ** cost;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 256 * N * R }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
