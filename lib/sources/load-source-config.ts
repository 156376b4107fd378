import { openSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { parseSourceOptions, type SourceOptions, type SourceType } from "@/lib/sources/schemas";
import { type CachedSource, sourceCache, sourceCacheKey } from "@/lib/sources/source-cache";
import { isId } from "@/lib/storage/ids";
import { getStorage } from "@/lib/storage/registry";

export type SourceConfig = {
  type: SourceType;
  name: string;
  enabled: boolean;
  options: SourceOptions;
  /** Newest first: the current secret, then the previous one while its grace lasts. */
  secrets: string[];
  /** Served from the cache: a refusal based on it should be confirmed with `fresh: true`. */
  cached: boolean;
};

/** What a delivery to a source needs to be verified; null for an unknown source or another tenant's. */
export async function loadSourceConfig(
  tenantId: string,
  sourceId: string,
  options: { fresh?: boolean; now?: Date } = {},
): Promise<SourceConfig | null> {
  if (!isId(tenantId) || !isId(sourceId)) return null;
  const env = getEnv();
  const key = sourceCacheKey(tenantId, sourceId);
  const cached = !options.fresh && (sourceCache.get(key) !== undefined || sourceCache.isLoading(key));
  if (options.fresh) sourceCache.delete(key);
  const source = await sourceCache.load(key, env.WEBHOOK_CONFIG_CACHE_MS, () => read(tenantId, sourceId, env.APP_SECRET));
  if (!source) return null;
  const now = options.now ?? new Date();
  const secrets = [source.currentSecret];
  if (source.previousSecret && source.previousSecret.expiresAt > now) secrets.push(source.previousSecret.value);
  return {
    type: source.type,
    name: source.name,
    enabled: source.enabled,
    options: source.options as SourceOptions,
    secrets,
    cached,
  };
}

async function read(tenantId: string, sourceId: string, appSecret: string): Promise<CachedSource | undefined> {
  const source = await getStorage().sources.find(tenantId, sourceId);
  if (!source) return undefined;
  return {
    type: source.type,
    name: source.name,
    enabled: source.enabled,
    // Parsed again: options stored before a default was added read with it.
    options: parseSourceOptions(source.type, source.options).data ?? source.options,
    currentSecret: openSecret(source.secretSealed, appSecret, source.id),
    previousSecret:
      source.previousSecretSealed && source.previousSecretExpiresAt
        ? { value: openSecret(source.previousSecretSealed, appSecret, source.id), expiresAt: source.previousSecretExpiresAt }
        : null,
  };
}
