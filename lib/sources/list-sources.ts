import type { SourceView } from "@/lib/sources/schemas";
import { toSourceView } from "@/lib/sources/to-source-view";
import { getStorage } from "@/lib/storage/registry";

export async function listSources(tenantId: string): Promise<SourceView[]> {
  return (await getStorage().sources.list(tenantId)).map((source) => toSourceView(source));
}
