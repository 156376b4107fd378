import { Tenant } from "@/models/tenant";

/** Every model, so start-up can create their indexes once (autoIndex is off). */
export const allModels = [Tenant];

export async function ensureIndexes(): Promise<void> {
  for (const m of allModels) {
    await m.createCollection().catch(() => undefined);
    await m.createIndexes();
  }
}
