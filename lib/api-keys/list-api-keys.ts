import { getAuth } from "@/lib/auth/auth";

export type ApiKeyView = {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart; never the key. */
  start: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  createdBy: string | null;
};

type ApiKeyRow = {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: Date;
  lastRequest: Date | null;
  metadata: unknown;
};

function createdByOf(metadata: unknown): string | null {
  let value = metadata;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const email = (value as { createdByEmail?: unknown } | null)?.createdByEmail;
  return typeof email === "string" ? email : null;
}

/** The tenant's API keys, newest first. */
export async function listApiKeys(tenantId: string): Promise<ApiKeyView[]> {
  const { adapter } = await getAuth().$context;
  const rows = await adapter.findMany<ApiKeyRow>({ model: "apikey", where: [{ field: "referenceId", value: tenantId }] });
  return rows
    .map((row) => ({
      id: String(row.id),
      name: row.name ?? "(unnamed)",
      start: row.start ?? null,
      createdAt: new Date(row.createdAt).toISOString(),
      lastUsedAt: row.lastRequest ? new Date(row.lastRequest).toISOString() : null,
      createdBy: createdByOf(row.metadata),
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
