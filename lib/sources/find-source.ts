import { notFound } from "@/lib/errors";
import type { SourceRecord } from "@/lib/storage/ports/sources";
import { getStorage } from "@/lib/storage/registry";

/** The tenant's source; another tenant's, or none, answers 404 alike. */
export async function findSource(tenantId: string, sourceId: string): Promise<SourceRecord> {
  const source = await getStorage().sources.find(tenantId, sourceId);
  if (!source) throw notFound("Source not found");
  return source;
}
