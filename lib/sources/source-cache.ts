import { processCache } from "@/lib/cache/process-cache";
import type { SourceType } from "@/lib/sources/schemas";

// A source's verification needs (type, options, opened secrets) are read on every delivery to it;
// kept per process like the tenant's webhook settings (webhook-config-cache.ts), forgotten at once
// by a change made here, re-read before a refusal.

export type CachedSource = {
  type: SourceType;
  name: string;
  enabled: boolean;
  options: Record<string, unknown>;
  currentSecret: string;
  previousSecret: { value: string; expiresAt: Date } | null;
};

export const sourceCache = processCache<CachedSource>("sources");

export const sourceCacheKey = (tenantId: string, sourceId: string) => `${tenantId.toLowerCase()}/${sourceId.toLowerCase()}`;

/** Call after changing a source: the next delivery to it reads it afresh. */
export function forgetSource(tenantId: string, sourceId: string): void {
  sourceCache.delete(sourceCacheKey(tenantId, sourceId));
}
