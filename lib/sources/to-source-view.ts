import { getEnv } from "@/lib/env";
import type { SourceView } from "@/lib/sources/schemas";
import type { SourceRecord } from "@/lib/storage/ports/sources";

/** What the API, the Sources page and the CLI show of a source: never its secret. */
export function toSourceView(source: SourceRecord, now = new Date()): SourceView {
  const base = getEnv().BASE_URL.replace(/\/$/, "");
  const previousValid = source.previousSecretExpiresAt && source.previousSecretExpiresAt > now;
  return {
    id: source.id,
    type: source.type,
    name: source.name,
    enabled: source.enabled,
    options: source.options,
    silentAfterHours: source.silentAfterHours,
    url: `${base}/api/webhooks/${source.tenantId}/sources/${source.id}`,
    secret: {
      rotatedAt: source.secretRotatedAt?.toISOString() ?? null,
      previousValidUntil: previousValid ? (source.previousSecretExpiresAt?.toISOString() ?? null) : null,
    },
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}
