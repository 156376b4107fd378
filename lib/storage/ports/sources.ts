import type { SourceType } from "@/lib/sources/schemas";

// A tenant's sources (SPEC §8): a platform posting in its own format to its own URL, verified by
// its own scheme with the source's secret. Configuration, not history: a tenant has a handful.

export type SourceRecord = {
  id: string;
  tenantId: string;
  type: SourceType;
  name: string;
  enabled: boolean;
  /** The type's options, as `sourceOptionsSchemas[type]` parsed them. */
  options: Record<string, unknown>;
  /** Raise a "source gone silent" alert after this many hours without a delivery; null: never. */
  silentAfterHours: number | null;
  /** AES-256-GCM sealed with the source id as associated data (lib/crypto/secret-box.ts). */
  secretSealed: string;
  /** The secret before the last rotation, valid until `previousSecretExpiresAt`. */
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
  secretRotatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type NewSource = Pick<SourceRecord, "type" | "name" | "enabled" | "options" | "secretSealed" | "silentAfterHours">;

export type SourceChange = Partial<Pick<SourceRecord, "name" | "enabled" | "options" | "silentAfterHours">>;

export type SourceSecretRotation = Pick<
  SourceRecord,
  "secretSealed" | "previousSecretSealed" | "previousSecretExpiresAt" | "secretRotatedAt"
>;

export interface SourcesPort {
  /** Stores a new source under a fresh id (`build` receives it, to seal the secret with it); null for a malformed tenant id. */
  create(tenantId: string, build: (sourceId: string) => NewSource): Promise<SourceRecord | null>;
  /** The tenant's sources, oldest first. */
  list(tenantId: string): Promise<SourceRecord[]>;
  count(tenantId: string): Promise<number>;
  /** Null when the source is unknown or another tenant's. */
  find(tenantId: string, sourceId: string): Promise<SourceRecord | null>;
  /** Applies the given fields; null when the source is unknown or another tenant's. */
  update(tenantId: string, sourceId: string, change: SourceChange): Promise<SourceRecord | null>;
  /** Compare-and-set: replaces the secrets only while the current one is still `expectedSealed`. */
  rotateSecret(tenantId: string, sourceId: string, expectedSealed: string, rotation: SourceSecretRotation): Promise<boolean>;
  remove(tenantId: string, sourceId: string): Promise<boolean>;
  /**
   * Upkeep, across tenants (the one method without a tenant: it is how the silence watch finds
   * what to watch): enabled sources with `silentAfterHours` set, at most `limit`.
   */
  listWatched(limit: number): Promise<SourceRecord[]>;
}
